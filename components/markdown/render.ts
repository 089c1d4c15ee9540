import DOMPurify from 'dompurify';
import { marked } from 'marked';

/**
 * User text is Markdown; the HTML it becomes passes DOMPurify before it reaches the DOM.
 * Raw HTML in the source is escaped, not rendered, and links open in a new tab without
 * access to the opener.
 */
marked.use({
  gfm: true,
  breaks: true,
  renderer: {
    html({ text }) {
      return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
    },
  },
});

let hooked = false;
function hook(): void {
  if (hooked) return;
  hooked = true;
  DOMPurify.addHook('afterSanitizeAttributes', (node) => {
    if (node.tagName === 'A') {
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer');
    }
    if (node.tagName === 'IMG') node.setAttribute('loading', 'lazy');
  });
}

const ALLOWED_URI = /^(?:https?:|mailto:|#)/i;

export function renderMarkdown(source: string): string {
  hook();
  const html = marked.parse(source, { async: false });
  return DOMPurify.sanitize(html, {
    ALLOWED_URI_REGEXP: ALLOWED_URI,
    FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'iframe', 'object', 'embed'],
    FORBID_ATTR: ['style', 'class', 'id'],
  });
}
