'use strict';
/**
 * Fault injection for the real CLIs: `NODE_OPTIONS=--require <this file>` with
 * HELM_TEST_FS_FAULT="<errno code>:<regular expression>" makes every write to a path matching the
 * expression fail the way the operating system would (ENOSPC, EACCES, EROFS…), as on a full,
 * unwritable or read-only disk. Only node built-ins, so it loads before anything else.
 */
const fs = require('node:fs');

const spec = process.env.HELM_TEST_FS_FAULT;
if (spec) {
  const colon = spec.indexOf(':');
  const code = spec.slice(0, colon);
  const pattern = new RegExp(spec.slice(colon + 1));
  const errnos = { ENOSPC: -28, EACCES: -13, EROFS: -30, EDQUOT: -122, EIO: -5 };
  const messages = { ENOSPC: 'no space left on device', EACCES: 'permission denied', EROFS: 'read-only file system', EDQUOT: 'disk quota exceeded', EIO: 'i/o error' };
  const fault = (syscall, file) =>
    Object.assign(new Error(`${code}: ${messages[code] ?? 'injected fault'}, ${syscall} '${file}'`), { code, errno: errnos[code] ?? -1, syscall, path: file });
  const hits = (file) => typeof file === 'string' && pattern.test(file);
  const writing = (flags) => flags === undefined || /[wa+]/.test(String(flags));

  const openSync = fs.openSync;
  fs.openSync = function (file, flags, ...rest) {
    if (hits(String(file)) && writing(flags)) throw fault('open', String(file));
    return openSync.call(this, file, flags, ...rest);
  };
  const writeFileSync = fs.writeFileSync;
  fs.writeFileSync = function (file, ...rest) {
    if (hits(file)) throw fault('open', file);
    return writeFileSync.call(this, file, ...rest);
  };
  const appendFileSync = fs.appendFileSync;
  fs.appendFileSync = function (file, ...rest) {
    if (hits(file)) throw fault('open', file);
    return appendFileSync.call(this, file, ...rest);
  };
  const writeFile = fs.writeFile;
  fs.writeFile = function (file, ...rest) {
    const callback = rest[rest.length - 1];
    if (hits(file) && typeof callback === 'function') return process.nextTick(() => callback(fault('open', file)));
    return writeFile.call(this, file, ...rest);
  };
}
