import { render } from 'preact';
import '../../components/theme.css';
import { setLocale } from '../../i18n/index';
import { call, extensionTransport, openRequest, tabContext, watchTabContext } from '../../messaging/client';
import { App } from './App';

async function boot() {
  // The live port opens first: the page's context comes while the settings and the catalog load,
  // so the first render mostly names the page already (and asks once for the groups there).
  watchTabContext();
  const settings = await call('settings.get', undefined).catch(() => null);
  await setLocale(settings?.language || navigator.language);
  render(<App transport={extensionTransport} context={tabContext} opened={openRequest} defaultHub={settings?.defaultHub ?? ''} displayName={settings?.displayName ?? ''} />, document.getElementById('app')!);
}
void boot();
