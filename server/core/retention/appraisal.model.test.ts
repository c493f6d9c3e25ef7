import {
  castVote,
  committeeOf,
  releaseEntry,
  resolveAll,
  resolveEntry,
  assertAppraisalTransition,
  assertQuorum,
  type Appraisal,
  type AppraisalEntry,
} from './appraisal.model';

const AT = '2024-03-01T02:00:00.000Z';

function entry(itemId: string, overrides: Partial<AppraisalEntry> = {}): AppraisalEntry {
  return {
    itemId,
    archivalCode: `160-2013-GL-D10-000${itemId.slice(-1)}`,
    year: 2013,
    retention: 'D10',
    dueDate: '2024-01-01',
    pages: 2,
    released: null,
    votes: [],
    outcome: null,
    ...overrides,
  };
}

function appraisal(entries: AppraisalEntry[], quorum = 2): Appraisal {
  return {
    id: 'apr_x',
    revision: 1,
    number: 'JD-2024-0001',
    fondsCode: '160',
    title: 't',
    status: 'open',
    quorum,
    on: '2024-03-01',
    entries,
    itemIds: entries.map((e) => e.itemId),
    openedBy: 'archivist',
    openedAt: AT,
    closedBy: null,
    closedAt: null,
    destructionListId: null,
  };
}

describe('appraisal votes', () => {
  it('records one vote per member per item; a later vote replaces the earlier one', () => {
    let a = appraisal([entry('i1')]);
    a = castVote(a, 'appraiser', { itemId: 'i1', decision: 'destroy' }, AT);
    a = castVote(
      a,
      'appraiser',
      { itemId: 'i1', decision: 'keep', retention: 'D30', reason: '仍有查考价值' },
      AT,
    );
    expect(a.entries[0]!.votes).toEqual([
      { by: 'appraiser', at: AT, decision: 'keep', retention: 'D30', reason: '仍有查考价值' },
    ]);
  });

  it('refuses a keep vote that does not extend the period, or that has no reason or no period', () => {
    const a = appraisal([entry('i1')]);
    expect(() =>
      castVote(a, 'x', { itemId: 'i1', decision: 'keep', retention: 'D10', reason: 'r' }, AT),
    ).toThrow(expect.objectContaining({ code: 'retention.not_an_extension' }));
    expect(() => castVote(a, 'x', { itemId: 'i1', decision: 'keep', retention: 'D30' }, AT)).toThrow(
      expect.objectContaining({ code: 'appraisal.reason_required' }),
    );
    expect(() => castVote(a, 'x', { itemId: 'i1', decision: 'keep', reason: 'r' }, AT)).toThrow(
      expect.objectContaining({ code: 'appraisal.retention_required' }),
    );
    expect(() => castVote(a, 'x', { itemId: 'i1', decision: 'destroy', retention: 'D30' }, AT)).toThrow(
      expect.objectContaining({ code: 'appraisal.retention_on_destroy' }),
    );
  });

  it('refuses votes on items not in the appraisal, released items, and closed appraisals', () => {
    const a = appraisal([entry('i1'), entry('i2')]);
    expect(() => castVote(a, 'x', { itemId: 'i9', decision: 'destroy' }, AT)).toThrow(
      expect.objectContaining({ code: 'appraisal.item_not_included' }),
    );
    const released = releaseEntry(a, 'i2', 'archivist', '冻结', AT);
    expect(released.itemIds).toEqual(['i1']);
    expect(() => castVote(released, 'x', { itemId: 'i2', decision: 'destroy' }, AT)).toThrow(
      expect.objectContaining({ code: 'appraisal.item_released' }),
    );
    expect(() =>
      castVote({ ...a, status: 'closed' }, 'x', { itemId: 'i1', decision: 'destroy' }, AT),
    ).toThrow(expect.objectContaining({ code: 'appraisal.closed' }));
  });
});

describe('resolution', () => {
  const vote = (by: string, decision: 'destroy' | 'keep', retention: 'D30' | 'D50' | 'Y' | null = null) => ({
    by,
    at: AT,
    decision,
    retention,
    reason: decision === 'keep' ? `${by}: 有价值` : '',
  });

  it('is undecided below the quorum of distinct members', () => {
    expect(resolveEntry(entry('i1', { votes: [vote('a', 'destroy')] }), 2)).toBeNull();
    expect(resolveEntry(entry('i1', { votes: [vote('a', 'destroy'), vote('b', 'destroy')] }), 3)).toBeNull();
  });

  it('destroys on unanimous destroy votes, with the default opinion', () => {
    const o = resolveEntry(entry('i1', { votes: [vote('a', 'destroy'), vote('b', 'destroy')] }), 2);
    expect(o).toMatchObject({ decision: 'destroy', retention: null, contested: false, voters: ['a', 'b'] });
    expect(o!.reason).toContain('无继续保存价值');
  });

  it('keeps on any keep vote, with the longest proposed period (有疑即存)', () => {
    const o = resolveEntry(
      entry('i1', { votes: [vote('a', 'keep', 'D30'), vote('b', 'destroy'), vote('c', 'keep', 'D50')] }),
      2,
    );
    expect(o).toMatchObject({ decision: 'keep', retention: 'D50', contested: true });
    expect(o!.reason).toBe('a: 有价值；c: 有价值');
    const y = resolveEntry(entry('i1', { votes: [vote('a', 'keep', 'Y'), vote('b', 'keep', 'D50')] }), 2);
    expect(y).toMatchObject({ decision: 'keep', retention: 'Y', contested: false });
  });

  it('resolveAll lists undecided items, ignores released ones', () => {
    const a = appraisal([
      entry('i1', { votes: [vote('a', 'destroy'), vote('b', 'destroy')] }),
      entry('i2', { votes: [vote('a', 'destroy')] }),
      entry('i3', { released: { by: 'archivist', at: AT, reason: 'r' } }),
    ]);
    expect(() => resolveAll(a)).toThrow(
      expect.objectContaining({ code: 'appraisal.undecided', details: { itemIds: ['i2'], quorum: 2 } }),
    );
    const done = resolveAll({ ...a, entries: a.entries.filter((e) => e.itemId !== 'i2') });
    expect(done.entries[0]!.outcome!.decision).toBe('destroy');
    expect(done.entries[1]!.outcome).toBeNull();
    expect(committeeOf(a)).toEqual(['a', 'b']);
  });

  it('guards the quorum and the transitions', () => {
    expect(() => assertQuorum(1)).toThrow(expect.objectContaining({ code: 'appraisal.bad_quorum' }));
    expect(() => assertQuorum(3)).not.toThrow();
    expect(() => assertAppraisalTransition('closed', 'open')).toThrow(
      expect.objectContaining({ code: 'appraisal.bad_transition' }),
    );
  });
});
