import { render } from 'preact';
import '../../components/theme.css';
import { setLocale } from '../../i18n/index';
import { call, extensionTransport, tabContext, watchTabContext } from '../../messaging/client';
import { App } from './App';

async function boot() {
  const settings = await call('settings.get', undefined).catch(() => null);
  await setLocale(settings?.language || navigator.language);
  watchTabContext();
  render(<App transport={extensionTransport} context={tabContext} defaultHub={settings?.defaultHub ?? ''} displayName={settings?.displayName ?? ''} />, document.getElementById('app')!);
}
void boot();
