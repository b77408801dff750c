// Opens a VM's configured disk in its mode: "shared-cow" disks naming the same image share its
// bytes and its blocks in the global disk cache; "private" reads its own copy of the image;
// "persistent" also opens the image's overlay journal through the FileAccessor's writing half
// (the monitor itself does no I/O) and replays the writes of earlier runs.

import type { DiskConfig } from '../config/discoConfig';
import { UserError } from '../util/diagnostic';
import type { FileAccessor } from '../util/fileAccessor';
import type { DiskCache } from './diskCache';
import { DiskJournal, overlayPath } from './diskJournal';
import { VirtualDisk } from './vdisk';

export function openDisk(d: DiskConfig, name: string, files: FileAccessor, cache: DiskCache): VirtualDisk {
  switch (d.mode) {
    case 'shared-cow': {
      const image = cache.image(d.image, () => files.readFile(d.image));
      return new VirtualDisk(name, d.mode, cache.base(image), { cache, image }, undefined, []);
    }
    case 'private':
      return new VirtualDisk(name, d.mode, files.readFile(d.image), undefined, undefined, []);
    case 'persistent': {
      const { appendFile, replaceFile } = files;
      if (appendFile === undefined || replaceFile === undefined) throw new UserError(`${d.image}: a persistent disk needs files the monitor may write, and this host gives none`);
      const path = overlayPath(d.image);
      const { journal, writes } = DiskJournal.open({
        read: () => (files.exists(path) ? files.readFile(path) : undefined),
        append: (data) => appendFile.call(files, path, data),
        replace: (data) => replaceFile.call(files, path, data),
      });
      return new VirtualDisk(name, d.mode, files.readFile(d.image), undefined, journal, writes);
    }
  }
}
