import { render } from 'preact';
import '../../components/theme.css';
import './create.css';
import { setLocale, t } from '../../i18n/index';
import { CreatePage } from './CreatePage';

const meta = (name: string) => document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content;

void setLocale(navigator.language).then(() => (document.title = t('create.title')));
render(<CreatePage hub={meta('nook-hub') || location.origin} needsToken={meta('nook-create') === 'token'} />, document.getElementById('app')!);
