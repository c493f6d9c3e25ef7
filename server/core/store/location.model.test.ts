import type { Location } from './location.model';
import {
  assertChildKind,
  assertRoomFor,
  freeOn,
  locationCode,
  parseLocationCode,
  segment,
} from './location.model';

const shelf = (capacity: number, boxes: string[]): Location => ({
  id: 'loc_s',
  revision: 1,
  kind: 'shelf',
  roomId: 'loc_r',
  parentId: 'loc_n',
  number: 4,
  code: '1库-03列-2节-4层',
  name: '',
  note: '',
  capacity,
  boxes,
  createdAt: '',
  updatedAt: '',
});

describe('locations (库房 → 列 → 节 → 层)', () => {
  it('address places as 1库-03列-2节-4层', () => {
    expect(segment('room', 1)).toBe('1库');
    expect(segment('row', 3)).toBe('03列');
    expect(locationCode(locationCode(locationCode('1库', 'row', 3), 'section', 2), 'shelf', 4)).toBe(
      '1库-03列-2节-4层',
    );
    expect(parseLocationCode('1库-03列-2节-4层')).toEqual({ room: 1, row: 3, section: 2, shelf: 4 });
    expect(parseLocationCode('1库-71列')).toEqual({ room: 1, row: 71 });
    expect(parseLocationCode('B1-3')).toBeNull();
    expect(() => segment('shelf', 0)).toThrow(expect.objectContaining({ code: 'location.bad_number' }));
  });

  it('nests rows in rooms, sections in rows, shelves in sections', () => {
    const room = { ...shelf(1, []), kind: 'room' as const };
    expect(() => assertChildKind(room, 'row')).not.toThrow();
    expect(() => assertChildKind(room, 'shelf')).toThrow(
      expect.objectContaining({ code: 'location.bad_parent' }),
    );
  });

  it('counts free places and refuses a box on a full shelf', () => {
    expect(freeOn(shelf(3, ['a']))).toBe(2);
    expect(() => assertRoomFor(shelf(2, ['a']))).not.toThrow();
    expect(() => assertRoomFor(shelf(2, ['a', 'b']))).toThrow(
      expect.objectContaining({ code: 'location.full' }),
    );
  });
});
