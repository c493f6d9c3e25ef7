import type { Box } from './box.model';
import { emptyNote } from './box.model';
import type { Location } from './location.model';
import { arrangementKey, buildStorageMap } from './storage-map.policy';

const place = (
  id: string,
  kind: Location['kind'],
  parentId: string | null,
  number: number,
  code: string,
  boxes: string[] = [],
): Location => ({
  id,
  revision: 1,
  kind,
  roomId: 'room',
  parentId,
  number,
  code,
  name: '',
  note: '',
  capacity: kind === 'shelf' ? 3 : null,
  boxes,
  createdAt: '',
  updatedAt: '',
});

const box = (id: string, year: number, classCode: string, boxNo: number, insuranceType = 'YL'): Box => ({
  id,
  revision: 1,
  fondsCode: '160',
  year,
  classCode,
  retention: 'D100',
  group: `160|${year}|${classCode}|D100`,
  boxNo,
  boxNumber: String(boxNo).padStart(4, '0'),
  code: `160-${year}-${classCode}-D100-盒${String(boxNo).padStart(4, '0')}`,
  typeId: 't',
  status: 'sealed',
  entries: [{ itemId: 'i', archivalCode: 'a', itemNumber: boxNo * 10, pages: 1, insuranceType, section: '' }],
  itemCount: 1,
  pageCount: 1,
  itemRange: String(boxNo * 10).padStart(4, '0'),
  shelfId: null,
  roomId: 'room',
  locationCode: null,
  out: null,
  note: emptyNote(),
  log: [],
  everSealed: true,
  createdAt: '',
  createdBy: '',
  updatedAt: '',
  sealedAt: null,
  sealedBy: null,
});

const ORDINAL: Record<string, number> = { GL: 1, ZJ: 2 };
const order = ['year', 'class', 'retention', 'insuranceType'] as const;
const keyOf = (b: Box) => arrangementKey(b, order, (c) => ORDINAL[c] ?? 99);

describe('storage map (档案存放示意图)', () => {
  const boxes = [
    box('a', 2013, 'GL', 1),
    box('b', 2013, 'GL', 2),
    box('c', 2013, 'ZJ', 1),
    box('d', 2012, 'GL', 1),
  ];
  const room = place('room', 'room', null, 1, '1库');
  const places = [
    room,
    place('r1', 'row', 'room', 1, '1库-01列'),
    place('s1', 'section', 'r1', 1, '1库-01列-1节'),
    place('h2', 'shelf', 's1', 2, '1库-01列-1节-2层', ['d']),
    place('h1', 'shelf', 's1', 1, '1库-01列-1节-1层', ['c', 'b', 'a']),
  ];
  const map = buildStorageMap(room, places, boxes, keyOf, '年度—类别—保管期限—险种');

  it('lists shelves by number and the boxes on each in 年度—类别—保管期限—险种 order, with occupancy', () => {
    const shelves = map.rows[0]!.sections[0]!.shelves;
    expect(shelves.map((s) => s.code)).toEqual(['1库-01列-1节-1层', '1库-01列-1节-2层']);
    expect(shelves[0]!.boxes.map((b) => b.id)).toEqual(['a', 'b', 'c']);
    expect(shelves[0]!.ranges).toEqual([
      '160 2013 GL D100 盒0001–0002（件号 0010-0020）',
      '160 2013 ZJ D100 盒0001（件号 0010）',
    ]);
    expect(shelves[0]).toMatchObject({ capacity: 3, occupied: 3, free: 0 });
    expect(map.totals).toMatchObject({ shelves: 2, capacity: 6, occupied: 4, free: 2, boxes: 4 });
  });

  it('flags a box that stands after boxes it should precede', () => {
    expect(map.rows[0]!.sections[0]!.shelves[1]!.boxes[0]).toMatchObject({ id: 'd', outOfOrder: true });
    expect(map.totals.outOfOrder).toBe(1);
  });
});
