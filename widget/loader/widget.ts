import { mount } from './loader';

// `currentScript` is only set while this script runs: read it first, synchronously.
const script = document.currentScript;
try {
  if (script instanceof HTMLScriptElement) mount(script);
} catch {
  // Nothing of ours ever reaches the page's console.
}
