/**
 * RFC 8785 (JSON Canonicalization Scheme) serialisation, from `canonicalize`.
 * Its 4.x line (the last for Node 20) is an ES module that exports only an
 * `import` condition, so the CommonJS server cannot `require` it by name; this
 * ES module can import it, and Node 20.19+ lets CommonJS require this module.
 */
export { default as canonicalize } from 'canonicalize';
