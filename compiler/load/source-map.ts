/**
 * Where every node of the document sits in the file. Built once by the
 * loader; every later stage asks it for the span of a YAML path, so a
 * diagnostic raised anywhere still points at the line the user wrote.
 */
import type { PathSegment, Span } from '../diagnostics/diagnostic';
import { formatPath } from '../diagnostics/diagnostic';

export interface NodeSpans {
  /** The value's span. */
  value: Span;
  /** The key's span, for mapping entries. */
  key?: Span;
}

export class SourceMap {
  private readonly nodes = new Map<string, NodeSpans>();

  constructor(
    /** The file as the user named it. */
    readonly file: string,
    /** The whole text, for code frames. */
    readonly text: string,
  ) {}

  set(path: readonly PathSegment[], spans: NodeSpans): void {
    this.nodes.set(formatPath(path), spans);
  }

  /**
   * The span to point at for `path`: the value, or with `preferKey` the key
   * (unknown keys, duplicate keys). Falls back to the nearest ancestor that
   * exists, so a missing key points at the mapping that lacks it.
   */
  spanOf(path: readonly PathSegment[], preferKey = false): Span {
    for (let n = path.length; n >= 0; n--) {
      const spans = this.nodes.get(formatPath(path.slice(0, n)));
      if (!spans) continue;
      if (n === path.length) return (preferKey && spans.key) || spans.value;
      // An ancestor: point at its key if it has one, since that names the thing.
      return spans.key ?? spans.value;
    }
    return { start: { line: 1, col: 1 }, end: { line: 1, col: 1 } };
  }

  /** Whether the document has a node at `path`. */
  has(path: readonly PathSegment[]): boolean {
    return this.nodes.has(formatPath(path));
  }
}
