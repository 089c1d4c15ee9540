import { useId } from 'preact/hooks';
import { t } from '../../i18n/index';
import type { NookError } from '../../protocol/errors';
import { IntroForm, type IntroValues } from './IntroForm';

/**
 * Asks a new member to introduce themselves (loaded only when it is shown). It goes once
 * they post or skip: their intro record, made at once on this device, says so.
 */
export function IntroPrompt(props: {
  onPost(values: IntroValues): Promise<NookError | null>;
  onSkip(timeZone: string): Promise<NookError | null>;
  error: NookError | null;
}) {
  const heading = useId();
  return (
    <section class="card stack intro-prompt" aria-labelledby={heading}>
      <h3 id={heading}>{t('intro.promptTitle')}</h3>
      <p class="muted">{t('intro.promptLead')}</p>
      <IntroForm submitLabel={t('intro.post')} onSubmit={props.onPost} onSkip={props.onSkip} error={props.error} />
    </section>
  );
}
