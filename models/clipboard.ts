/**
 * Copies text for a view (the sidebar, the widget panel, /create). Answers false where the
 * browser refuses (no user gesture, a frame without clipboard-write): the view then leaves
 * the text selected to copy by hand.
 */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
