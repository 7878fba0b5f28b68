// A small strict XML parser for tests (no dependency): well-formedness (one root, nesting, quoted attributes, no
// duplicate attributes, only the five predefined entities and character references), returning an element tree.
// Also a lenient HTML tag scanner that lists the elements a browser would create outside raw-text elements.

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const NAME = /^[A-Za-z_:][A-Za-z0-9_.:-]*/;

function decodeEntities(s: string, where: string): string {
  return s.replace(/&([^;\s&<]*);?/g, (m, body: string) => {
    if (!m.endsWith(';')) throw new Error(`bare & at ${where}`);
    if (body === 'amp') return '&';
    if (body === 'lt') return '<';
    if (body === 'gt') return '>';
    if (body === 'quot') return '"';
    if (body === 'apos') return "'";
    if (/^#\d+$/.test(body)) return String.fromCodePoint(Number(body.slice(1)));
    if (/^#x[0-9a-fA-F]+$/.test(body)) return String.fromCodePoint(parseInt(body.slice(2), 16));
    throw new Error(`unknown entity &${body}; at ${where}`);
  });
}

/** Parse a complete XML document; throws with a position on any well-formedness error. */
export function parseXml(src: string): XmlElement {
  let i = 0;
  const err = (msg: string): never => {
    throw new Error(`XML error at ${i}: ${msg} near ${JSON.stringify(src.slice(i, i + 40))}`);
  };
  if (src.startsWith('<?xml')) {
    const e = src.indexOf('?>');
    if (e < 0) err('unterminated XML declaration');
    i = e + 2;
  }
  const skipMisc = () => {
    for (;;) {
      while (i < src.length && /\s/.test(src[i])) i++;
      if (src.startsWith('<!--', i)) {
        const e = src.indexOf('-->', i);
        if (e < 0) err('unterminated comment');
        i = e + 3;
      } else return;
    }
  };
  const parseElement = (): XmlElement => {
    if (src[i] !== '<') err('expected <');
    i++;
    const nm = NAME.exec(src.slice(i));
    if (!nm) err('bad element name');
    const name = nm![0];
    i += name.length;
    const attrs: Record<string, string> = {};
    for (;;) {
      const ws = /^\s*/.exec(src.slice(i))![0];
      i += ws.length;
      if (src.startsWith('/>', i)) {
        i += 2;
        return { name, attrs, children: [], text: '' };
      }
      if (src[i] === '>') {
        i++;
        break;
      }
      if (!ws) err('missing whitespace before attribute');
      const an = NAME.exec(src.slice(i));
      if (!an) err('bad attribute name');
      i += an![0].length;
      if (src[i] !== '=') err('attribute without =');
      i++;
      const q = src[i];
      if (q !== '"' && q !== "'") err('unquoted attribute value');
      const end = src.indexOf(q, i + 1);
      if (end < 0) err('unterminated attribute value');
      const raw = src.slice(i + 1, end);
      if (raw.includes('<')) err('< in attribute value');
      if (an![0] in attrs) err(`duplicate attribute ${an![0]}`);
      attrs[an![0]] = decodeEntities(raw, `attribute ${an![0]}`);
      i = end + 1;
    }
    const children: XmlElement[] = [];
    let text = '';
    for (;;) {
      if (i >= src.length) err(`unclosed <${name}>`);
      if (src.startsWith('</', i)) {
        i += 2;
        const cn = NAME.exec(src.slice(i));
        if (!cn || cn[0] !== name) err(`mismatched close tag: expected </${name}>`);
        i += name.length;
        while (/\s/.test(src[i])) i++;
        if (src[i] !== '>') err('bad close tag');
        i++;
        return { name, attrs, children, text };
      }
      if (src.startsWith('<!--', i)) {
        const e = src.indexOf('-->', i);
        if (e < 0) err('unterminated comment');
        i = e + 3;
        continue;
      }
      if (src.startsWith('<![CDATA[', i)) {
        const e = src.indexOf(']]>', i);
        if (e < 0) err('unterminated CDATA');
        text += src.slice(i + 9, e);
        i = e + 3;
        continue;
      }
      if (src[i] === '<') {
        children.push(parseElement());
        continue;
      }
      const next = src.indexOf('<', i);
      const chunk = src.slice(i, next < 0 ? src.length : next);
      if (chunk.includes(']]>')) err(']]> in text');
      text += decodeEntities(chunk, `text of <${name}>`);
      i += chunk.length;
    }
  };
  skipMisc();
  const root = parseElement();
  skipMisc();
  if (i !== src.length) err('content after the root element');
  return root;
}

export function findAll(el: XmlElement, name: string, out: XmlElement[] = []): XmlElement[] {
  if (el.name === name) out.push(el);
  for (const c of el.children) findAll(c, name, out);
  return out;
}

/**
 * The start tags an HTML parser would see (names lower-cased), skipping comments and the content of raw-text
 * elements (style, script, textarea, title) the way the HTML tokenizer does.
 */
export function htmlStartTags(html: string): { name: string; raw: string }[] {
  const out: { name: string; raw: string }[] = [];
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt < 0) break;
    if (html.startsWith('<!--', lt)) {
      const e = html.indexOf('-->', lt + 4);
      i = e < 0 ? html.length : e + 3;
      continue;
    }
    const m = /^<([A-Za-z][^\s/>]*)/.exec(html.slice(lt));
    if (!m) {
      i = lt + 1;
      continue;
    }
    // end of tag: first > not inside a quoted attribute value
    let j = lt + m[0].length;
    let q: string | null = null;
    for (; j < html.length; j++) {
      const c = html[j];
      if (q) {
        if (c === q) q = null;
      } else if (c === '"' || c === "'") q = c;
      else if (c === '>') break;
    }
    const name = m[1].toLowerCase();
    out.push({ name, raw: html.slice(lt, j + 1) });
    i = j + 1;
    if (['style', 'script', 'textarea', 'title'].includes(name)) {
      const close = html.toLowerCase().indexOf(`</${name}`, i);
      i = close < 0 ? html.length : close;
    }
  }
  return out;
}

/** Decode the HTML character references the renderers emit (named basics and numeric). */
export function decodeHtml(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos|nbsp);/g, (_m, b: string) => {
    if (b === 'amp') return '&';
    if (b === 'lt') return '<';
    if (b === 'gt') return '>';
    if (b === 'quot') return '"';
    if (b === 'apos') return "'";
    if (b === 'nbsp') return '\u00a0';
    if (b.startsWith('#x')) return String.fromCodePoint(parseInt(b.slice(2), 16));
    return String.fromCodePoint(Number(b.slice(1)));
  });
}
