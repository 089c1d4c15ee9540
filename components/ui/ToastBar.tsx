import type { Toast } from '../../models/toast';
import { t } from '../../i18n/index';

export function ToastBar({ toast, onDismiss }: { toast: Toast | null; onDismiss(): void }) {
  return (
    <div aria-live="polite" aria-atomic="true">
      {toast ? (
        <div class="toast" role="status">
          <span>{toast.message}</span>
          <span class="row">
            {toast.action ? (
              <button
                type="button"
                class="btn link"
                onClick={() => {
                  void toast.action?.run();
                  onDismiss();
                }}
              >
                {toast.action.label}
              </button>
            ) : null}
            <button type="button" class="icon-btn" aria-label={t('common.dismiss')} onClick={onDismiss}>
              ×
            </button>
          </span>
        </div>
      ) : null}
    </div>
  );
}
