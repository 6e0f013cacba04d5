/**
 * Mermaid's own parser, for the tests only. `mermaid` is ESM and its label
 * sanitizer (DOMPurify) needs a DOM, so: a jsdom window on globalThis first,
 * then a real dynamic import (TypeScript would turn `import()` into `require`
 * under CommonJS, which cannot load ESM on Node 20).
 */
import { pathToFileURL } from 'node:url';

let loaded: Promise<any> | null = null;

function load(): Promise<any> {
  if (!loaded) {
    const { JSDOM } = require('jsdom');
    const dom = new JSDOM('<!doctype html><html><body></body></html>');
    const g = globalThis as any;
    g.window = dom.window;
    g.document = dom.window.document;
    const dynamicImport = new Function('url', 'return import(url)') as (url: string) => Promise<any>;
    loaded = dynamicImport(pathToFileURL(require.resolve('mermaid')).href).then((m) => m.default);
  }
  return loaded;
}

/** The diagram type Mermaid recognised, or the parser's error message. */
export async function parseMermaid(text: string): Promise<{ ok: true; type: string } | { ok: false; error: string }> {
  const mermaid = await load();
  try {
    const r = await mermaid.parse(text);
    return { ok: true, type: r.diagramType };
  } catch (err) {
    return { ok: false, error: String((err as Error).message ?? err) };
  }
}
