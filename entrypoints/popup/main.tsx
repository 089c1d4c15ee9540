import { render } from 'preact';
import { browser } from 'wxt/browser';
import '../../components/theme.css';
import { setLocale } from '../../i18n/index';
import { call, extensionTransport } from '../../messaging/client';
import { Popup } from './Popup';

async function boot() {
  const [settings, [tab]] = await Promise.all([
    call('settings.get', undefined).catch(() => null),
    browser.tabs.query({ active: true, currentWindow: true }),
  ]);
  await setLocale(settings?.language || navigator.language);
  render(
    <Popup
      transport={extensionTransport}
      tab={tab?.id !== undefined && tab.url ? { id: tab.id, url: tab.url } : null}
      requestOrigin={(origin) => browser.permissions.request({ origins: [`${origin}/*`] })}
      openOptions={() => void browser.runtime.openOptionsPage()}
      close={() => window.close()}
    />,
    document.getElementById('app')!,
  );
}
void boot();
