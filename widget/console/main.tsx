import { render } from 'preact';
import '../../components/theme.css';
import './console.css';
import { loadEnglishRest, setLocale, t } from '../../i18n/index';
import { Console } from './App';
import { ConsoleSession } from './session';

const session = new ConsoleSession(location.origin);
void setLocale(navigator.language).then(() => (document.title = t('console.title')));
// Its first screen may be the sign-in, where a refusal is read in the catalog's words: those come with the rest.
void loadEnglishRest();
render(<Console session={session} />, document.getElementById('app')!);
void session.load();
