import fs from 'node:fs';
import { LIMITS } from './limits.js';

/**
 * Bounded reading of input files. A reader names its limit (LIMITS.jsonFileBytes or
 * LIMITS.binaryFileBytes) and gets the bytes, or an error it words as its own diagnostic:
 * devices, FIFOs, sockets and directories are refused without reading (`validate /dev/zero`
 * would grow without end), and no more than the limit is ever read, also from files whose
 * reported size is wrong (/proc). Errors carry `code` like Node's: ENOENT, EACCES, ... and
 * ESPECIAL (not a regular file) or ETOOBIG (over the limit); `describeReadError` words them.
 */
export class InputRefused extends Error {
  readonly code: 'ESPECIAL' | 'ETOOBIG';
  constructor(code: 'ESPECIAL' | 'ETOOBIG', message: string) {
    super(message);
    this.name = 'InputRefused';
    this.code = code;
  }
}

export interface InputReadOptions {
  /**
   * A look at the first `bytes` bytes before the rest is read: when `accept(head)` says no (not the
   * format's magic), only the head is returned, for the caller's decoder to refuse as it would the
   * whole file (`snnc emulate` of a 2 GB file of zeros read all of it, seconds and gigabytes,
   * before "bad magic").
   */
  head?: { bytes: number; accept: (head: Uint8Array) => boolean };
}

export function readInputBytes(file: string, maxBytes: number = LIMITS.binaryFileBytes, options: InputReadOptions = {}): Uint8Array {
  const fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  try {
    const st = fs.fstatSync(fd);
    if (st.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    if (!st.isFile()) {
      const what = st.isFIFO() ? 'a FIFO' : st.isCharacterDevice() || st.isBlockDevice() ? 'a device' : st.isSocket() ? 'a socket' : 'not a regular file';
      throw new InputRefused('ESPECIAL', `is ${what}, not a regular file`);
    }
    if (st.size > maxBytes) throw new InputRefused('ETOOBIG', `is ${st.size} bytes, more than the limit of ${maxBytes} (docs/limits.md)`);
    if (options.head) {
      const head = Buffer.alloc(Math.min(options.head.bytes, maxBytes));
      const n = fs.readSync(fd, head, 0, head.length, 0);
      if (n === head.length && !options.head.accept(head)) return head;
    }
    // read up to the limit + 1 whatever the reported size (/proc files report 0), into one buffer
    // of the reported size + 1 grown only if the file is longer: each read was copied out of the
    // read buffer, so a file was held twice (a 2 GB file took 4 GB)
    let buf = Buffer.allocUnsafe(Math.min(Math.max(st.size + 1, 65536), maxBytes + 1));
    let total = 0;
    for (;;) {
      if (total === buf.length) {
        const grown = Buffer.allocUnsafe(Math.min(2 * buf.length, maxBytes + 1));
        buf.copy(grown, 0, 0, total);
        buf = grown;
      }
      const n = fs.readSync(fd, buf, total, buf.length - total, null);
      if (n === 0) break;
      total += n;
      if (total > maxBytes) throw new InputRefused('ETOOBIG', `holds more than the limit of ${maxBytes} bytes (docs/limits.md)`);
    }
    return buf.subarray(0, total);
  } finally {
    fs.closeSync(fd);
  }
}

/** A text input (JSON), decoded as UTF-8 like fs.readFileSync(file, 'utf8'). */
export function readInputText(file: string, maxBytes: number = LIMITS.jsonFileBytes): string {
  return Buffer.from(readInputBytes(file, maxBytes)).toString('utf8');
}

/** Words a read failure to follow "the file" or "it": "does not exist", "is a device, not a regular file", ... */
export function describeReadError(e: unknown): string {
  if (e instanceof InputRefused) return e.message;
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'does not exist';
  if (code === 'EISDIR') return 'is a directory';
  if (code === 'EACCES' || code === 'EPERM') return `is not readable (${code})`;
  // the path, not the file: `spec.json/`, a loop of links, a name past the system's limit
  if (code === 'ENOTDIR') return 'cannot be read: a part of its path is not a directory (ENOTDIR)';
  if (code === 'ELOOP') return 'cannot be read: its path loops through symbolic links (ELOOP)';
  if (code === 'ENAMETOOLONG') return 'cannot be read: its path or a name in it is too long (ENAMETOOLONG)';
  return `cannot be read (${code ?? 'error'})`;
}
