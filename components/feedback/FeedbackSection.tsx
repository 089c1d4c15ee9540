import { useEffect, useMemo } from 'preact/hooks';
import { createRecordsModel } from '../../models/records';
import { useNow } from '../discussion/useNow';
import type { HostedGroupProps } from '../groups/HostedGroup';
import { saveFile } from '../ui/download';
import { csvFileName, withBom } from './feedback';
import { Feedback } from './FeedbackList';
import './feedback.css';

/** The Feedback section of a hosted group (loaded when first opened): its requests, live, and what the member does with them. */
export function FeedbackSection(props: HostedGroupProps) {
  const model = useMemo(() => createRecordsModel(props.transport, props.group.id, ['feedback'] as const), [props.transport, props.group.id]);
  useEffect(() => () => model.dispose(), [model]);
  const now = useNow();
  const names = useMemo(() => new Map(props.members.map((m) => [m.id, m.name])), [props.members]);
  return (
    <Feedback
      state={model.records.feedback.value}
      memberId={props.memberId}
      role={props.role}
      names={names}
      now={now}
      outboxBusy={(props.status?.pending ?? 0) > 0}
      onAsk={(v) => model.write({ do: 'feedback.ask', ...v })}
      onAnswer={(feedbackId, a) => model.write({ do: 'feedback.answer', feedbackId, rating: a.rating, text: a.text })}
      onClose={(feedbackId) => model.write({ do: 'feedback.close', feedbackId })}
      onDiscard={(id) => model.write({ do: 'discard', kind: 'feedback', id })}
      loadSummary={model.feedbackSummary}
      onExport={async (row) => {
        const csv = await model.feedbackCsv(row.id);
        if (!csv.ok) return csv.error;
        saveFile(csvFileName(row.data.question), 'text/csv;charset=utf-8', withBom(csv.value));
        return null;
      }}
    />
  );
}
