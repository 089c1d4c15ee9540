import type { NookError } from '../../protocol/errors';
import { errorText } from '../../i18n/index';

/** A refusal shown where it happened, in words a member understands. */
export function ErrorLine({ error, id }: { error: NookError | null | undefined; id?: string }) {
  if (!error) return null;
  return (
    <p class="error" role="alert" id={id}>
      {errorText(error)}
    </p>
  );
}
