const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The tag a creator pastes into their page (DESIGN: Widget). */
export function embedSnippet(hub: string, groupId: string): string {
  const base = hub.replace(/\/+$/, '');
  return `<script src="${attr(`${base}/widget.js`)}" data-group="${attr(groupId)}" async></script>`;
}
