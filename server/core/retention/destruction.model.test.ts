import {
  assertExecutable,
  confirm,
  countingSupervisors,
  decide,
  rowSettled,
  startExecution,
  type DestructionList,
} from './destruction.model';

const AT = '2024-03-02T02:00:00.000Z';

function list(overrides: Partial<DestructionList> = {}): DestructionList {
  return {
    id: 'dsl_x',
    revision: 1,
    number: 'XH-2024-0001',
    appraisalId: 'apr_x',
    appraisalNumber: 'JD-2024-0001',
    fondsCode: '160',
    status: 'draft',
    rows: [
      {
        seq: 1,
        itemId: 'i1',
        archivalCode: '160-2013-GL-D10-0001',
        year: 2013,
        retention: 'D10',
        pages: 2,
        opinion: '无保存价值',
        remarks: '',
      },
    ],
    itemIds: ['i1'],
    committee: ['appraiser', 'appraiser2'],
    createdBy: 'archivist',
    createdAt: AT,
    approval: null,
    confirmations: [],
    execution: null,
    record: null,
    ...overrides,
  };
}

const order = {
  method: '删除' as const,
  at: AT,
  orderedBy: { accountId: 'a1', username: 'archivist' },
  orderedAt: AT,
};

describe('destruction list', () => {
  it('cannot be executed as a draft, nor confirmed before approval', () => {
    expect(() => assertExecutable(list())).toThrow(
      expect.objectContaining({ code: 'destruction.not_approved' }),
    );
    expect(() => confirm(list(), 'supervisor1', AT)).toThrow(
      expect.objectContaining({ code: 'destruction.not_approved' }),
    );
  });

  it('is approved or refused once, never by its maker; a refusal needs a reason', () => {
    expect(() => decide(list(), 'archivist', 'approved', '', AT)).toThrow(
      expect.objectContaining({ code: 'destruction.self_approval' }),
    );
    expect(() => decide(list(), 'approver', 'refused', ' ', AT)).toThrow(
      expect.objectContaining({ code: 'destruction.reason_required' }),
    );
    const approved = decide(list(), 'approver', 'approved', '', AT);
    expect(approved.status).toBe('approved');
    expect(() => decide(approved, 'approver', 'refused', 'no', AT)).toThrow(
      expect.objectContaining({ code: 'destruction.bad_transition' }),
    );
    const refused = decide(list(), 'approver', 'refused', '尚有争议', AT);
    expect(() => startExecution(refused, order)).toThrow(
      expect.objectContaining({ code: 'destruction.not_approved' }),
    );
  });

  it('needs two distinct supervisors, neither the approver nor the maker', () => {
    let l = decide(list(), 'approver', 'approved', '', AT);
    expect(() => confirm(l, 'approver', AT)).toThrow(
      expect.objectContaining({ code: 'destruction.approver_as_supervisor' }),
    );
    expect(() => confirm(l, 'archivist', AT)).toThrow(
      expect.objectContaining({ code: 'destruction.maker_as_supervisor' }),
    );
    l = confirm(l, 'supervisor1', AT);
    expect(() => confirm(l, 'supervisor1', AT)).toThrow(
      expect.objectContaining({ code: 'destruction.already_confirmed' }),
    );
    expect(() => startExecution(l, order)).toThrow(
      expect.objectContaining({
        code: 'destruction.supervisors_required',
        details: { confirmed: 1, required: 2 },
      }),
    );
    // A confirmation recorded by the approver (e.g. in an old record) never counts.
    const tampered = { ...l, confirmations: [...l.confirmations, { by: 'approver', at: AT }] };
    expect(countingSupervisors(tampered)).toEqual(['supervisor1']);
    expect(() => assertExecutable(tampered)).toThrow(
      expect.objectContaining({ code: 'destruction.supervisors_required' }),
    );
    l = confirm(l, 'supervisor2', AT);
    const running = startExecution(l, order);
    expect(running.status).toBe('executing');
    expect(running.execution).toMatchObject({ method: '删除', done: [], skipped: [], current: null });
    expect(rowSettled(running.execution!, 'i1')).toBe(false);
    expect(() => startExecution(running, order)).toThrow(
      expect.objectContaining({ code: 'destruction.not_approved' }),
    );
  });
});
