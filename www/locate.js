// Finds where an error points in the policy editor's text: a JSON pointer
// ("/actions/delete/rules/3/effect/kind") or a "line L column C" position.
// The scanner is iterative (an explicit stack), so no input can exhaust the
// call stack; it stops at the first malformed token.

/** Offset of line `line` (1-based) and column `column` (1-based) in `text`, clamped. */
export function offsetOf(text, line, column) {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  return Math.min(text.length, offset + Math.max(0, column - 1));
}

/** "…at line 9 column 17" → { line, column }, or null. */
export function positionIn(message) {
  const m = /line (\d+),? column (\d+)/.exec(message);
  return m ? { line: Number(m[1]), column: Number(m[2]) } : null;
}

function unescape(segment) {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

/**
 * The [start, end) span of the value at `pointer` in the JSON `text`, or of
 * its nearest ancestor present in the text; null when nothing matches.
 */
export function spanOf(text, pointer) {
  const wanted = pointer === '' ? [] : pointer.split('/').slice(1).map(unescape);
  const spans = new Map(); // depth of match → [start, end]
  // Each frame: { kind: 'object' | 'array', index, key, matched, start }
  const stack = [];
  let i = 0;
  let pendingKey = null;

  const ws = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i])) i++;
  };
  // Whether the value about to start is on the wanted path, and how deep.
  const matchedDepth = () => {
    if (stack.length === 0) return 0;
    const top = stack[stack.length - 1];
    if (top.matched !== stack.length - 1) return -1;
    const segment = top.kind === 'object' ? pendingKey : String(top.index);
    return wanted[stack.length - 1] === segment ? stack.length : -1;
  };
  const readString = () => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    try {
      return JSON.parse(text.slice(start, i));
    } catch {
      return null;
    }
  };
  const closeValue = (depth, start) => {
    if (depth >= 0 && !spans.has(depth)) spans.set(depth, [start, i]);
  };

  ws();
  let guard = 0;
  while (i < text.length && guard++ < 10_000_000) {
    ws();
    const c = text[i];
    const top = stack[stack.length - 1];
    if (top && ((top.kind === 'object' && c === '}') || (top.kind === 'array' && c === ']'))) {
      stack.pop();
      i++;
      closeValue(top.depth, top.start);
      afterValue();
      continue;
    }
    if (top && top.kind === 'object' && top.expectKey) {
      if (c !== '"') break;
      pendingKey = readString();
      ws();
      if (text[i] !== ':') break;
      i++;
      top.expectKey = false;
      continue;
    }
    const depth = matchedDepth();
    const start = i;
    if (c === '{' || c === '[') {
      stack.push({ kind: c === '{' ? 'object' : 'array', index: 0, expectKey: c === '{', matched: depth, depth, start });
      i++;
      continue;
    }
    if (c === '"') readString();
    else {
      const m = /^-?[0-9.eE+-]+|^true|^false|^null/.exec(text.slice(i, i + 64));
      if (!m) break;
      i += m[0].length;
    }
    closeValue(depth, start);
    afterValue();
    if (stack.length === 0) break;
  }

  function afterValue() {
    ws();
    const top = stack[stack.length - 1];
    if (!top) return;
    if (text[i] === ',') {
      i++;
      if (top.kind === 'array') top.index++;
      else top.expectKey = true;
    }
  }

  for (let d = wanted.length; d >= 0; d--) {
    if (spans.has(d)) return { start: spans.get(d)[0], end: spans.get(d)[1], exact: d === wanted.length };
  }
  return null;
}
