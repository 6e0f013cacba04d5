/**
 * Mermaid's own parser, for the tests only. `mermaid` is ESM and its label
 * sanitizer (DOMPurify) needs a DOM, so: a jsdom window on globalThis first,
 * then a real dynamic import (TypeScript would turn `import()` into `require`
 * under CommonJS, which cannot load ESM on Node 20).
 *
 * uvu runs every test file in one process, so the DOM globals exist only
 * while Mermaid runs: left behind, they make other libraries believe they are
 * in a browser (and fail on `location`).
 */
import { pathToFileURL } from 'node:url';

let loaded: Promise<any> | null = null;
let dom: any = null;

async function withDom<T>(fn: () => Promise<T>): Promise<T> {
  const { JSDOM } = require('jsdom');
  dom ??= new JSDOM('<!doctype html><html><body></body></html>');
  const g = globalThis as any;
  const saved = { window: g.window, document: g.document };
  g.window = dom.window;
  g.document = dom.window.document;
  try {
    return await fn();
  } finally {
    if (saved.window === undefined) delete g.window;
    else g.window = saved.window;
    if (saved.document === undefined) delete g.document;
    else g.document = saved.document;
  }
}

/** The diagram type Mermaid recognised, or the parser's error message. */
export async function parseMermaid(text: string): Promise<{ ok: true; type: string } | { ok: false; error: string }> {
  return withDom(async () => {
    if (!loaded) {
      const dynamicImport = new Function('url', 'return import(url)') as (url: string) => Promise<any>;
      loaded = dynamicImport(pathToFileURL(require.resolve('mermaid')).href).then((m) => m.default);
    }
    const mermaid = await loaded;
    try {
      const r = await mermaid.parse(text);
      return { ok: true as const, type: r.diagramType as string };
    } catch (err) {
      return { ok: false as const, error: String((err as Error).message ?? err) };
    }
  });
}
