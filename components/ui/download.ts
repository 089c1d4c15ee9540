/** Hands text to the member as a file (a Blob behind an `<a download>`), in the sidebar and the panel alike. */
export function saveFile(fileName: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  // The download has started by then; the URL would otherwise hold the text for the page's life.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
