import { Router, type Request } from 'express';
import { z } from 'zod';
import type { CoreDeps } from '../../core/deps';
import { createBoxType, listBoxTypes, updateBoxType } from '../../core/store/box-types';
import {
  addItemsToBox,
  createBox,
  getBox,
  listBoxes,
  removeItemsFromBox,
  reopenBox,
  sealBox,
  updateBoxNote,
} from '../../core/store/boxes';
import { createLocation, getLocation, listLocations, updateLocation } from '../../core/store/locations';
import { printMovementRegister } from '../../core/store/movement-register';
import { listMovements, registerManualMovement } from '../../core/store/movements';
import { applyPacking, suggestPacking } from '../../core/store/packing';
import { moveBox, placeBox } from '../../core/store/placement';
import { storageMap } from '../../core/store/storage-map';
import { printArchivalCatalogue, printBoxLabels, printBoxNoteSheet } from '../../core/store/store-documents';
import {
  applyPackingSchema,
  boxInputSchema,
  boxItemsSchema,
  boxListQuerySchema,
  boxNoteSchema,
  boxTypeInputSchema,
  boxTypePatchSchema,
  catalogueQuerySchema,
  labelsSchema,
  locationInputSchema,
  locationPatchSchema,
  movementInputSchema,
  movementListQuerySchema,
  packingQuerySchema,
  placeBoxSchema,
  registerQuerySchema,
} from '../../core/store/store.schemas';
import { pdfAnswer, recordIdParams, sendDocument, sendPdf } from '../documents';
import { route } from '../route';

const boxParams = recordIdParams('box');
const typeParams = z.strictObject({ id: z.string().regex(/^bxt_[0-9a-z_]{1,40}$/) });
const locationParams = recordIdParams('loc');
const revisionBody = z.strictObject({ revision: z.number().int().min(1).optional() });
const PDF = pdfAnswer('PDF, A4');
const PDF_OR_XLSX = pdfAnswer('PDF (A4 landscape) or XLSX');

/** The origin the QR codes on labels point at (the server as the archivist reached it). */
const linkBase = (req: Request) => `${req.protocol}://${req.get('host') ?? 'localhost'}`;

/** 装盒 → 上架 → 出入库: box types, boxes, packing, locations and the storage map, movements, catalogues. */
export function storeRoutes(deps: CoreDeps): Router {
  const r = Router();
  const tag = 'store';

  route(
    r,
    {
      method: 'get',
      path: '/api/box-types',
      tag,
      auth: true,
      summary: 'Box types (档案盒规格) with dimensions and capacity',
    },
    async ({ actor }) => ({ boxTypes: await listBoxTypes(deps, actor) }),
  );
  route(
    r,
    {
      method: 'post',
      path: '/api/box-types',
      tag,
      auth: true,
      summary: 'Add a box type (archivist)',
      body: boxTypeInputSchema,
      responds: { status: 201, description: 'the box type' },
    },
    async ({ actor, ctx, body }) => createBoxType(deps, actor, ctx, body),
  );
  route(
    r,
    {
      method: 'patch',
      path: '/api/box-types/{id}',
      tag,
      auth: true,
      summary: 'Edit a box type (compare-and-set on revision)',
      params: typeParams,
      body: boxTypePatchSchema,
    },
    async ({ actor, ctx, params, body }) => updateBoxType(deps, actor, ctx, params.id, body),
  );

  route(
    r,
    {
      method: 'get',
      path: '/api/boxes',
      tag,
      auth: true,
      summary: 'Boxes (档案盒), newest first',
      query: boxListQuerySchema,
    },
    async ({ actor, ctx, query }) => listBoxes(deps, actor, ctx, query),
  );
  route(
    r,
    {
      method: 'post',
      path: '/api/boxes',
      tag,
      auth: true,
      summary: '装盒: a new box of a fonds, year, class and retention (盒号 assigned), optionally with items',
      body: boxInputSchema,
      responds: { status: 201, description: 'the box' },
    },
    async ({ actor, ctx, body }) => createBox(deps, actor, ctx, body),
  );
  route(
    r,
    {
      method: 'get',
      path: '/api/boxes/packing',
      tag,
      auth: true,
      summary:
        '装盒建议: archived, unboxed items packed in 档号 order into boxes filled to capacity (nothing written)',
      query: packingQuerySchema,
    },
    async ({ actor, ctx, query }) => suggestPacking(deps, actor, ctx, query),
  );
  route(
    r,
    {
      method: 'post',
      path: '/api/boxes/packing/apply',
      tag,
      auth: true,
      summary: 'Carry out a packing suggestion (as suggested or edited); each box is reported',
      body: applyPackingSchema,
    },
    async ({ actor, ctx, body }) => applyPacking(deps, actor, ctx, body),
  );
  route(
    r,
    {
      method: 'post',
      path: '/api/boxes/labels',
      tag,
      auth: true,
      summary: 'Cover and spine labels of several boxes (PDF)',
      body: labelsSchema,
      responds: PDF,
    },
    async ({ actor, ctx, body, req, res }) => {
      const pdf = await printBoxLabels(deps, actor, ctx, body.boxes, linkBase(req));
      return sendPdf(res, pdf, { filename: 'box-labels.pdf' });
    },
  );
  route(
    r,
    {
      method: 'get',
      path: '/api/boxes/{id}',
      tag,
      auth: true,
      summary:
        'A box with its items, each marked 在盒 / 借出 / 调出 / 已销毁; counts of what it holds now (destroyed apart)',
      params: boxParams,
    },
    async ({ actor, ctx, params }) => getBox(deps, actor, ctx, params.id),
  );
  route(
    r,
    {
      method: 'post',
      path: '/api/boxes/{id}/items',
      tag,
      auth: true,
      summary:
        'Put archived items of the box’s group into it (refuses mixed groups, boxed items, over capacity)',
      params: boxParams,
      body: boxItemsSchema,
    },
    async ({ actor, ctx, params, body }) => addItemsToBox(deps, actor, ctx, params.id, body),
  );
  route(
    r,
    {
      method: 'post',
      path: '/api/boxes/{id}/items/remove',
      tag,
      auth: true,
      summary: 'Take items out of an open box',
      params: boxParams,
      body: boxItemsSchema,
    },
    async ({ actor, ctx, params, body }) => removeItemsFromBox(deps, actor, ctx, params.id, body),
  );
  route(
    r,
    {
      method: 'post',
      path: '/api/boxes/{id}/seal',
      tag,
      auth: true,
      summary: '封盒: fix the contents',
      params: boxParams,
      body: revisionBody,
    },
    async ({ actor, ctx, params, body }) => sealBox(deps, actor, ctx, params.id, body.revision),
  );
  route(
    r,
    {
      method: 'post',
      path: '/api/boxes/{id}/reopen',
      tag,
      auth: true,
      summary: 'Reopen a sealed box (changes are noted for the 备考表)',
      params: boxParams,
      body: revisionBody,
    },
    async ({ actor, ctx, params, body }) => reopenBox(deps, actor, ctx, params.id, body.revision),
  );
  route(
    r,
    {
      method: 'patch',
      path: '/api/boxes/{id}/note',
      tag,
      auth: true,
      summary: '备考表: 盒内文件情况说明, 整理人, 整理日期, 检查人, 检查日期',
      params: boxParams,
      body: boxNoteSchema,
    },
    async ({ actor, ctx, params, body }) => updateBoxNote(deps, actor, ctx, params.id, body),
  );
  route(
    r,
    {
      method: 'get',
      path: '/api/boxes/{id}/labels',
      tag,
      auth: true,
      summary: 'Cover and spine label (PDF): 全宗号、年度、类别、保管期限、起止件号、盒号, agency, QR code',
      params: boxParams,
      responds: PDF,
    },
    async ({ actor, ctx, params, req, res }) => {
      const pdf = await printBoxLabels(deps, actor, ctx, [params.id], linkBase(req));
      return sendPdf(res, pdf, { filename: 'box-label.pdf' });
    },
  );
  route(
    r,
    {
      method: 'get',
      path: '/api/boxes/{id}/note-sheet',
      tag,
      auth: true,
      summary: '备考表 of the box (PDF)',
      params: boxParams,
      responds: PDF,
    },
    async ({ actor, ctx, params, res }) =>
      sendPdf(res, await printBoxNoteSheet(deps, actor, ctx, params.id), { filename: 'box-note-sheet.pdf' }),
  );
  route(
    r,
    {
      method: 'post',
      path: '/api/boxes/{id}/place',
      tag,
      auth: true,
      summary: '上架: put a box on a shelf (registers an 入库)',
      params: boxParams,
      body: placeBoxSchema,
    },
    async ({ actor, ctx, params, body }) => placeBox(deps, actor, ctx, params.id, body),
  );
  route(
    r,
    {
      method: 'post',
      path: '/api/boxes/{id}/move',
      tag,
      auth: true,
      summary: '移位: move a shelved box to another shelf (registered with from and to)',
      params: boxParams,
      body: placeBoxSchema,
    },
    async ({ actor, ctx, params, body }) => moveBox(deps, actor, ctx, params.id, body),
  );

  route(
    r,
    {
      method: 'get',
      path: '/api/locations',
      tag,
      auth: true,
      summary: 'Store rooms (库房), or the rows, sections or shelves inside a place',
      query: z.strictObject({ parentId: z.string().max(40).optional() }),
    },
    async ({ actor, ctx, query }) => ({ locations: await listLocations(deps, actor, ctx, query.parentId) }),
  );
  route(
    r,
    {
      method: 'post',
      path: '/api/locations',
      tag,
      auth: true,
      summary: 'A store room, row (列), section (节) or shelf (层); with a layout, its inside at once',
      body: locationInputSchema,
      responds: { status: 201, description: 'the place and how many places were made' },
    },
    async ({ actor, ctx, body }) => createLocation(deps, actor, ctx, body),
  );
  route(
    r,
    {
      method: 'get',
      path: '/api/locations/{id}',
      tag,
      auth: true,
      summary: 'A place in the store',
      params: locationParams,
    },
    async ({ actor, ctx, params }) => getLocation(deps, actor, ctx, params.id),
  );
  route(
    r,
    {
      method: 'patch',
      path: '/api/locations/{id}',
      tag,
      auth: true,
      summary: 'Rename a place, note its use, change a shelf’s capacity',
      params: locationParams,
      body: locationPatchSchema,
    },
    async ({ actor, ctx, params, body }) => updateLocation(deps, actor, ctx, params.id, body),
  );
  route(
    r,
    {
      method: 'get',
      path: '/api/locations/{id}/map',
      tag,
      auth: true,
      summary: 'Storage map (档案存放示意图) of a store room: occupancy and which boxes stand where',
      params: locationParams,
    },
    async ({ actor, ctx, params }) => storageMap(deps, actor, ctx, params.id),
  );

  route(
    r,
    {
      method: 'get',
      path: '/api/movements',
      tag,
      auth: true,
      summary: 'Movements (出入库), newest first',
      query: movementListQuerySchema,
    },
    async ({ actor, ctx, query }) => listMovements(deps, actor, ctx, query),
  );
  route(
    r,
    {
      method: 'post',
      path: '/api/movements',
      tag,
      auth: true,
      summary: '出库 / 入库 of an item or box for digitisation, inspection, 移出, 销毁 or other reasons',
      body: movementInputSchema,
      responds: { status: 201, description: 'the movement' },
    },
    async ({ actor, ctx, body }) => registerManualMovement(deps, actor, ctx, body),
  );
  route(
    r,
    {
      method: 'get',
      path: '/api/movements/register',
      tag,
      auth: true,
      summary:
        '《业务档案出入库情况登记表》 (kind=in_out) or 《档案异动登记表》 (kind=changes) for a date range',
      query: registerQuerySchema,
      responds: PDF_OR_XLSX,
    },
    async ({ actor, ctx, query, res }) => {
      const out = await printMovementRegister(deps, actor, ctx, query);
      return sendDocument(res, out.bytes, out.contentType, { filename: out.filename });
    },
  );
  route(
    r,
    {
      method: 'get',
      path: '/api/archival-catalogue',
      tag,
      auth: true,
      summary:
        '归档文件目录 of a fonds and year (optionally class and retention), in 档号 order; items are listed under the retention of their 档号 (an appraisal extension is a 备注)',
      query: catalogueQuerySchema,
      responds: PDF_OR_XLSX,
    },
    async ({ actor, ctx, query, res }) => {
      const out = await printArchivalCatalogue(deps, actor, ctx, query);
      return sendDocument(res, out.bytes, out.contentType, { filename: out.filename });
    },
  );
  return r;
}
