import { useEffect, useMemo } from 'preact/hooks';
import type { Transport } from '../../messaging/transport';
import { createRecordsModel } from '../../models/records';
import type { RecordItem } from '../../sync/types';
import type { IntroValues } from './IntroForm';

type IntroRow = Extract<RecordItem, { kind: 'intro' }>;

/** A group's intros, followed live while the view is shown, and the member's own intro write. */
export function useIntros(transport: Transport, groupId: string) {
  const model = useMemo(() => createRecordsModel(transport, groupId, ['intro'] as const), [transport, groupId]);
  useEffect(() => () => model.dispose(), [model]);
  const state = model.records.intro.value;
  const rows: IntroRow[] = state.value ?? [];
  return {
    rows,
    /** The intros are known (until then, nobody is asked for one). */
    ready: state.status === 'ready',
    save: (v: IntroValues) => model.write({ do: 'intro.set', text: v.text, interests: v.interests, timeZone: v.timeZone, skipped: false }),
    skip: (timeZone: string) => model.write({ do: 'intro.set', text: '', interests: [], timeZone, skipped: true }),
  };
}
