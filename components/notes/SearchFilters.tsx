import { t } from '../../i18n/index';
import type { SearchFilterChoices } from '../../types/search';
import { Field } from '../ui/Field';

export interface SearchFilterProps {
  choices: SearchFilterChoices | undefined;
  /** The page the sidebar is on: offered first among the pages. */
  currentUrl?: string;
  group: string | null;
  author: string | null;
  page: string | null;
  onGroup(id: string | null): void;
  onAuthor(id: string | null): void;
  onPage(url: string | null): void;
}

/** Narrows the search to a group, an author or a page; "Any" leaves it open. */
export function SearchFilterBar(props: SearchFilterProps) {
  const groups = props.choices?.groups ?? [];
  const authors = props.choices?.authors ?? [];
  const pages = (props.choices?.pages ?? []).filter((p) => p.url !== props.currentUrl);
  const value = (v: string) => (v === '' ? null : v);
  return (
    <div class="row wrap search-filters">
      {groups.length > 0 ? (
        <Field label={t('search.group')}>
          {(c) => (
            <select {...c} class="input" value={props.group ?? ''} onChange={(e) => props.onGroup(value(e.currentTarget.value))}>
              <option value="">{t('search.anyGroup')}</option>
              {groups.map((g) => (
                <option key={g.id} value={g.id}>
                  {g.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : null}
      {authors.length > 0 ? (
        <Field label={t('search.author')}>
          {(c) => (
            <select {...c} class="input" value={props.author ?? ''} onChange={(e) => props.onAuthor(value(e.currentTarget.value))}>
              <option value="">{t('search.anyAuthor')}</option>
              {authors.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : null}
      {props.currentUrl || pages.length > 0 ? (
        <Field label={t('search.page')}>
          {(c) => (
          <select {...c} class="input" value={props.page ?? ''} onChange={(e) => props.onPage(value(e.currentTarget.value))}>
            <option value="">{t('search.anyPage')}</option>
            {props.currentUrl ? <option value={props.currentUrl}>{t('discussion.thisPage')}</option> : null}
            {pages.map((p) => (
              <option key={p.url} value={p.url}>
                {p.title}
              </option>
            ))}
          </select>
          )}
        </Field>
      ) : null}
    </div>
  );
}
