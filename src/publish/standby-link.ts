/**
 * The process that makes a standby (src/publish/standby.ts): links the live build into a
 * folder named for this process, then renames it into place, so a standby that exists is
 * whole and one being made is known by its maker's pid. Any failure leaves no standby; the
 * next build then links the live build itself.
 */
import { mkdir, rename, rm } from 'node:fs/promises';
import { linkTree } from '../files/link-tree.ts';
import { holdPriority } from '../files/priority-work.ts';

const from = process.env.APERTURE_STANDBY_FROM;
const to = process.env.APERTURE_STANDBY_TO;
if (from && to) {
  const temporary = `${to}.tmp-${process.pid}`;
  // The next release waits for this standby: removers of old builds give way until it is whole.
  const release = holdPriority('standby');
  try {
    await mkdir(temporary, { recursive: true });
    await linkTree(from, temporary);
    await rename(temporary, to);
  } catch {
    await rm(temporary, { recursive: true, force: true });
  } finally {
    release();
  }
}
