import { describe, expect, it } from 'vitest';
import { MAX_ARCHIVE_BYTES } from '../../protocol/archive';
import { UserError } from '../../protocol/errors';
import { readArchive } from './archives';

const person = '5b0e4c3a-1d2f-4a5b-8c6d-7e8f9a0b1c2d';
const archive = {
  format: 'nook-archive',
  version: 1,
  exportedAt: 1,
  group: { name: 'Bakers', topic: '', memberLimit: 30, allowRequests: false, createdAt: 0 },
  people: [{ id: person, name: 'Ada', member: null }],
  threads: [{ id: '6c1f5d4b-2e3a-4b6c-9d7e-8f9a0b1c2d3e', title: null, anchor: null, authorId: person, createdAt: 0, messages: [] }],
  goals: [],
  meetings: [],
  polls: [],
  feedback: [],
};

const refusal = (text: string) => {
  try {
    readArchive(text);
  } catch (e) {
    return e instanceof UserError ? [e.code, e.params ?? null] : e;
  }
  return 'read';
};

describe('reading an archive file before it is sent', () => {
  it('reads an archive of this version', () => {
    expect(readArchive(JSON.stringify(archive)).group.name).toBe('Bakers');
  });
  it('says what is wrong with a file that is not one it reads, in a code the view has words for', () => {
    expect(refusal('not json')).toEqual(['archive_not_archive', null]);
    expect(refusal(JSON.stringify({ notes: [] }))).toEqual(['archive_not_archive', null]);
    expect(refusal(JSON.stringify({ ...archive, version: 2 }))).toEqual(['archive_newer', null]);
    expect(refusal(JSON.stringify({ ...archive, version: 0 }))).toEqual(['archive_not_archive', null]);
    expect(refusal(JSON.stringify({ ...archive, people: [...archive.people, archive.people[0]] }))).toEqual(['archive_invalid', { where: 'people.1.id' }]);
    expect(refusal(JSON.stringify({ ...archive, group: { ...archive.group, topic: 'x'.repeat(MAX_ARCHIVE_BYTES) } }))).toEqual(['archive_too_large', { max: MAX_ARCHIVE_BYTES }]);
  });
});
