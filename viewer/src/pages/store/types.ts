/** The shapes the store pages read (server/core/store/*; see GET /api/openapi.json). */

export interface BoxEntry {
  itemId: string;
  archivalCode: string;
  itemNumber: number;
  pages: number;
  insuranceType: string;
  section: string;
}

export interface BoxNote {
  description: string;
  arrangedBy: string;
  arrangedOn: string | null;
  checkedBy: string;
  checkedOn: string | null;
}

export interface BoxType {
  id: string;
  name: string;
  lengthMm: number;
  widthMm: number;
  thicknessMm: number;
  capacityItems: number;
  capacityPages: number | null;
  active: boolean;
}

/** `GET /api/boxes` rows (and the base of one box's view). */
export interface Box {
  id: string;
  revision: number;
  fondsCode: string;
  year: number;
  classCode: string;
  retention: string;
  group: string;
  boxNo: number;
  boxNumber: string;
  code: string;
  typeId: string;
  status: 'open' | 'sealed';
  statusLabel: string;
  entries: BoxEntry[];
  itemCount: number;
  pageCount: number;
  outCount: number;
  destroyedCount: number;
  destroyedPages: number;
  packedCount: number;
  packedPages: number;
  itemRange: string | null;
  shelfId: string | null;
  roomId: string | null;
  locationCode: string | null;
  out: { movementId: string; since: string; reason: string; to: string | null } | null;
  note: BoxNote;
  log: { at: string; by: string; kind: 'added' | 'removed'; archivalCodes: string[] }[];
  everSealed: boolean;
  createdAt: string;
  createdBy: string;
  sealedAt: string | null;
  sealedBy: string | null;
}

export interface BoxViewItem {
  id: string;
  archivalCode: string;
  itemNumber: number;
  title: string;
  pages: number;
  status: string | null;
  statusLabel: string;
  presence: 'in_box' | 'on_loan' | 'moved_out' | 'destroyed';
  presenceLabel: string;
  retention: string | null;
  retentionLabel: string;
}

/** `GET /api/boxes/{id}` */
export interface BoxView extends Box {
  retentionLabel: string;
  type: BoxType;
  gaps: number[];
  items: BoxViewItem[];
}

export interface PlannedBox {
  boxId: string | null;
  boxNumber: string | null;
  typeId: string;
  group: { fondsCode: string; year: number; classCode: string; retention: string };
  existingItems: number;
  existingPages: number;
  items: BoxEntry[];
  pages: number;
  itemRange: string | null;
  oversize: boolean;
}

/** `GET /api/boxes/packing` */
export interface PackingSuggestion {
  boxes: PlannedBox[];
  unboxedItems: number;
  newBoxes: number;
  truncated: boolean;
}

/** `POST /api/boxes/packing/apply` */
export interface AppliedPacking {
  applied: { boxId: string; code: string; items: number; created: boolean }[];
  failed: { index: number; code: string; message: string }[];
}

export interface Location {
  id: string;
  revision: number;
  kind: 'room' | 'row' | 'section' | 'shelf';
  roomId: string;
  parentId: string | null;
  number: number;
  code: string;
  name: string;
  note: string;
  capacity: number | null;
  boxes: string[];
}

export interface MapBox {
  id: string;
  code: string;
  boxNumber: string;
  fondsCode: string;
  year: number;
  classCode: string;
  retention: string;
  itemRange: string | null;
  itemCount: number;
  status: string;
  out: boolean;
  outOfOrder: boolean;
}

export interface MapShelf {
  id: string;
  code: string;
  number: number;
  capacity: number;
  occupied: number;
  free: number;
  boxes: MapBox[];
  ranges: string[];
}

export interface MapSection {
  id: string;
  code: string;
  number: number;
  shelves: MapShelf[];
}

export interface MapRow {
  id: string;
  code: string;
  number: number;
  name: string;
  note: string;
  capacity: number;
  occupied: number;
  sections: MapSection[];
}

/** `GET /api/locations/{id}/map` */
export interface StorageMap {
  room: { id: string; code: string; name: string; note: string };
  order: string;
  rows: MapRow[];
  totals: {
    shelves: number;
    capacity: number;
    occupied: number;
    free: number;
    boxes: number;
    outOfOrder: number;
  };
}

export interface Movement {
  id: string;
  no: number;
  at: string;
  date: string;
  direction: 'in' | 'out' | 'move';
  reason: string;
  note: string;
  subjectKind: 'item' | 'box';
  subjectId: string;
  subjectLabel: string;
  ref: string | null;
  from: string | null;
  to: string | null;
  actorName: string;
  returnedAt: string | null;
}
