// Finding the machine's Debian mirror in one-line and deb822 apt sources.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findDebianMirror } from '../../../../debug-adapter/cli/fetch/sourcesList';

test('deb822 sources: the first enabled deb entry whose URI is a /debian archive, with its keyring', () => {
  const text = [
    'Types: deb',
    'URIs: http://deb.debian.org/debian-security',
    'Suites: bookworm-security',
    '',
    'Types: deb-src',
    'URIs: http://src.example/debian',
    '',
    'Enabled: no',
    'Types: deb',
    'URIs: http://off.example/debian',
    '',
    'Types: deb',
    '# a comment inside the paragraph',
    'URIs: http://mirror.example/debian/',
    'Suites: bookworm bookworm-updates',
    'Components: main',
    'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg',
  ].join('\n');
  assert.deepEqual(findDebianMirror([{ name: '/etc/apt/sources.list.d/debian.sources', text }]), {
    uri: 'http://mirror.example/debian',
    signedBy: '/usr/share/keyrings/debian-archive-keyring.gpg',
  });
});

test('one-line sources: options, comments and non-Debian repositories', () => {
  const text = [
    '# deb http://commented.example/debian bookworm main',
    'deb https://packages.cloud.google.com/apt cloud-sdk-bookworm main',
    'deb [arch=amd64 signed-by=/k.gpg] http://proxy:3142/deb.debian.org/debian bookworm main',
  ].join('\n');
  assert.deepEqual(findDebianMirror([{ name: 'sources.list', text }]), { uri: 'http://proxy:3142/deb.debian.org/debian', signedBy: '/k.gpg' });
});

test('an inline Signed-By key block is not passed on; no Debian archive gives undefined', () => {
  const text = 'Types: deb\nURIs: http://deb.debian.org/debian\nSigned-By: -----BEGIN PGP PUBLIC KEY BLOCK-----\n .\n xyz\n';
  assert.deepEqual(findDebianMirror([{ name: 'x.sources', text }]), { uri: 'http://deb.debian.org/debian' });
  assert.equal(findDebianMirror([{ name: 'sources.list', text: 'deb http://archive.ubuntu.com/ubuntu jammy main\n' }]), undefined);
});
