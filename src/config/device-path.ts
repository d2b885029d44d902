/**
 * Serial device paths as the config checks and compares them: normalised the way POSIX `path.normalize`
 * does (repeated `/` collapsed, `.` dropped, `..` resolved against its parent), without touching a file
 * system, so a symlink such as `/dev/serial/by-id/usb-…` keeps its name and is opened as written.
 */

/** `path.posix.normalize`, for absolute and relative paths alike (src/ has no node:path). */
export function normalisePosixPath(path: string): string {
  if (path === '') return '.';
  const absolute = path.startsWith('/');
  const trailingSlash = path.endsWith('/');
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part !== '..') parts.push(part);
    else if (parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
    else if (!absolute) parts.push('..');
  }
  let joined = parts.join('/');
  if (joined === '' && !absolute) joined = '.';
  if (trailingSlash && joined !== '') joined += '/';
  return absolute ? `/${joined}` : joined;
}

/** A normalised path names a device file under /dev/ (not /dev itself, not a folder). */
export const DEVICE_PATH = /^\/dev\/[^/\0]([^\0]*[^/\0])?$/;
