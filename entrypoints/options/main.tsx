import { render } from 'preact';
import { browser } from 'wxt/browser';
import '../../components/theme.css';
import { setLocale } from '../../i18n/index';
import { call, extensionTransport } from '../../messaging/client';
import { Options } from './Options';

async function boot() {
  const settings = await call('settings.get', undefined).catch(() => null);
  await setLocale(settings?.language || navigator.language);
  render(
    <Options
      transport={extensionTransport}
      onLanguage={(lang) => setLocale(lang || navigator.language)}
      requestOrigin={(origin) => browser.permissions.request({ origins: [`${origin}/*`] })}
    />,
    document.getElementById('app')!,
  );
}
void boot();
