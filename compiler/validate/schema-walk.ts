/**
 * Find the schema that governs a YAML path by walking the schema along the
 * document (properties, items, $ref, anyOf branches). ajv's own schemaPath is
 * relative to whichever $ref it inlined, so it cannot be resolved from the
 * root; the document path always can.
 */
import type { PathSegment } from '../diagnostics/diagnostic';

export type SchemaNode = Record<string, unknown>;

export interface SchemaAt {
  /** The governing schema, $refs followed. */
  node: SchemaNode | undefined;
  /** The definition name when the node came through a $ref, e.g. `Cidr`. */
  refName: string | undefined;
  /** The nearest description: the property's own, else its definition's. */
  description: string;
}

export function resolveRef(schema: SchemaNode, ref: string): SchemaNode | undefined {
  let cur: unknown = schema;
  for (const p of ref.replace(/^#\/?/, '').split('/').filter(Boolean)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur as SchemaNode | undefined;
}

/** Follow $refs; remember the last definition name and the first description. */
function deref(schema: SchemaNode, node: SchemaNode | undefined): SchemaAt {
  let refName: string | undefined;
  let description = typeof node?.description === 'string' ? node.description : '';
  let cur = node;
  for (let guard = 0; cur && typeof cur.$ref === 'string' && guard < 16; guard++) {
    refName = cur.$ref.split('/').pop();
    cur = resolveRef(schema, cur.$ref);
    if (!description && typeof cur?.description === 'string') description = cur.description;
  }
  return { node: cur, refName, description };
}

export function schemaAt(schema: SchemaNode, path: readonly PathSegment[]): SchemaAt {
  let at = deref(schema, schema);
  for (const seg of path) {
    let node = at.node;
    if (!node) return { node: undefined, refName: undefined, description: '' };
    if (Array.isArray(node.anyOf)) {
      // Pick the branch whose shape can hold this segment.
      const branches = (node.anyOf as SchemaNode[]).map((b) => deref(schema, b).node).filter(Boolean) as SchemaNode[];
      node = branches.find((b) => (typeof seg === 'number' ? b.type === 'array' : b.type === 'object' || 'properties' in b)) ?? node;
    }
    let next: SchemaNode | undefined;
    if (typeof seg === 'number') next = node.items as SchemaNode | undefined;
    else {
      const props = node.properties as Record<string, SchemaNode> | undefined;
      next = props?.[seg] ?? (typeof node.additionalProperties === 'object' ? (node.additionalProperties as SchemaNode) : undefined);
    }
    at = deref(schema, next);
  }
  return at;
}

/** The value at a document path, or undefined where the document has none. */
export function valueAt(doc: unknown, path: readonly PathSegment[]): unknown {
  let cur: unknown = doc;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[seg];
  }
  return cur;
}
