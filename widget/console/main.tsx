import { render } from 'preact';
import '../../components/theme.css';
import './console.css';
import { setLocale, t } from '../../i18n/index';
import { Console } from './App';
import { ConsoleSession } from './session';

const session = new ConsoleSession(location.origin);
void setLocale(navigator.language).then(() => (document.title = t('console.title')));
render(<Console session={session} />, document.getElementById('app')!);
void session.load();
