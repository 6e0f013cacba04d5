/**
 * An in-place rebuild replaces exactly the files that changed: a file whose
 * content and mode are already the new build's is left as it is (same inode),
 * anything else (new content, new mode only, a link standing where a file
 * goes) is replaced by the new file.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeTreeAtomic } from '../../compiler/cli/write-atomic';
import { withBuildManifest } from '../../compiler/cli/out-folder';

const build = (files: Record<string, [string, number]>) => withBuildManifest(Object.entries(files).map(([p, [content, mode]]) => ({ path: p, content, mode })), '../fleet.yaml');

test('a rebuild leaves unchanged files in place and replaces changed content, changed mode and links', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-write-'));
  const target = path.join(dir, 'out');
  try {
    writeTreeAtomic(target, build({ 'same.txt': ['same\n', 0o644], 'a/content.txt': ['old\n', 0o644], 'a/mode.sh': ['#!/bin/sh\n', 0o644], 'link.txt': ['x\n', 0o644] }));
    // A link where the build wrote a file, pointing at a file with the new content.
    fs.writeFileSync(path.join(dir, 'elsewhere'), 'x\n');
    fs.rmSync(path.join(target, 'link.txt'));
    fs.symlinkSync(path.join(dir, 'elsewhere'), path.join(target, 'link.txt'));
    const inode = (rel: string) => fs.lstatSync(path.join(target, rel)).ino;
    const before = { same: inode('same.txt'), content: inode('a/content.txt'), mode: inode('a/mode.sh') };

    writeTreeAtomic(target, build({ 'same.txt': ['same\n', 0o644], 'a/content.txt': ['new\n', 0o644], 'a/mode.sh': ['#!/bin/sh\n', 0o755], 'link.txt': ['x\n', 0o644] }));

    assert.is(inode('same.txt'), before.same, 'unchanged file left in place');
    assert.is.not(inode('a/content.txt'), before.content, 'changed content replaced');
    assert.is(fs.readFileSync(path.join(target, 'a/content.txt'), 'utf8'), 'new\n');
    assert.is.not(inode('a/mode.sh'), before.mode, 'changed mode replaced');
    assert.is(fs.statSync(path.join(target, 'a/mode.sh')).mode & 0o777, 0o755);
    assert.ok(fs.lstatSync(path.join(target, 'link.txt')).isFile(), 'the link is replaced by a file');
    assert.is(fs.readFileSync(path.join(dir, 'elsewhere'), 'utf8'), 'x\n', 'the link target is untouched');
    assert.equal(fs.readdirSync(dir).sort(), ['elsewhere', 'out'], 'no staging folder left');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('files larger than the comparison chunk, with multi-byte characters across chunk edges: the same is kept, one byte changed is replaced', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-write-'));
  const target = path.join(dir, 'out');
  try {
    // 200,000 UTF-16 units: emoji (surrogate pairs), 2- and 3-byte characters, at every offset against the 21,845-unit chunks.
    const big = Array.from({ length: 40000 }, (_, i) => ['a', 'é', '€', '😀'][i % 4] + String(i % 10)).join('');
    const changedAtEnd = `${big.slice(0, -1)}X`;
    const changedEarly = `b${big.slice(1)}`;
    writeTreeAtomic(target, build({ 'big.txt': [big, 0o644], 'end.txt': [big, 0o644], 'early.txt': [big, 0o644] }));
    const inode = (rel: string) => fs.lstatSync(path.join(target, rel)).ino;
    const before = { big: inode('big.txt'), end: inode('end.txt'), early: inode('early.txt') };
    writeTreeAtomic(target, build({ 'big.txt': [big, 0o644], 'end.txt': [changedAtEnd, 0o644], 'early.txt': [changedEarly, 0o644] }));
    assert.is(inode('big.txt'), before.big, 'the same content is kept');
    assert.is.not(inode('end.txt'), before.end, 'a change in the last chunk is seen');
    assert.is.not(inode('early.txt'), before.early, 'a change in the first chunk is seen');
    assert.is(fs.readFileSync(path.join(target, 'end.txt'), 'utf8'), changedAtEnd);
    assert.is(fs.readFileSync(path.join(target, 'big.txt'), 'utf8'), big);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
