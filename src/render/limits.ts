// Discord's message limits as a pure check, so tests can hold every rendered card to them.
import type { MessageBody } from './message.ts';
import { LIMITS } from './common.ts';

export function messageProblems(body: MessageBody): string[] {
  const problems: string[] = [];
  const check = (what: string, value: string | undefined, max: number, min = 0) => {
    if (value === undefined) return;
    if (value.length > max) problems.push(`${what} is ${value.length} characters (max ${max})`);
    if (value.length < min) problems.push(`${what} is empty`);
  };
  check('content', body.content, LIMITS.content);
  const embeds = body.embeds ?? [];
  if (embeds.length > 10) problems.push(`${embeds.length} embeds (max 10)`);
  let total = 0;
  embeds.forEach((e, i) => {
    check(`embed ${i} title`, e.title, LIMITS.title);
    check(`embed ${i} description`, e.description, LIMITS.description);
    check(`embed ${i} footer`, e.footer?.text, LIMITS.footer);
    const fields = e.fields ?? [];
    if (fields.length > LIMITS.fields) problems.push(`embed ${i} has ${fields.length} fields (max ${LIMITS.fields})`);
    fields.forEach((f, j) => {
      check(`embed ${i} field ${j} name`, f.name, LIMITS.fieldName, 1);
      check(`embed ${i} field ${j} value`, f.value, LIMITS.fieldValue, 1);
      total += f.name.length + f.value.length;
    });
    total += (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.author?.name.length ?? 0);
  });
  if (total > LIMITS.embedTotal) problems.push(`embeds hold ${total} characters in all (max ${LIMITS.embedTotal})`);
  problems.push(...attachmentProblems(body));
  const rows = body.components ?? [];
  if (rows.length > 5) problems.push(`${rows.length} action rows (max 5)`);
  rows.forEach((row, i) => {
    if (row.components.length > 5) problems.push(`row ${i} has ${row.components.length} components (max 5)`);
    for (const c of row.components) {
      if ('custom_id' in c) check(`custom_id ${c.custom_id}`, c.custom_id, LIMITS.customId, 1);
      if ('label' in c) check(`button label`, c.label, LIMITS.buttonLabel, 1);
      if ('options' in c) {
        if (c.options.length > LIMITS.selectOptions) problems.push(`select has ${c.options.length} options (max 25)`);
        for (const o of c.options) {
          check('select option label', o.label, LIMITS.selectLabel, 1);
          check('select option value', o.value, 100, 1);
          check('select option description', o.description, LIMITS.selectDescription);
        }
      }
    }
  });
  return problems;
}

/** Discord's rules for files: at most 10, names it keeps as they are, a description within 1024 characters, and
 *  every attachment://<name> an embed shows naming a file the message sends. */
function attachmentProblems(body: MessageBody): string[] {
  const problems: string[] = [];
  const files = body.files ?? [];
  if (files.length > 10) problems.push(`${files.length} files (max 10)`);
  for (const f of files) {
    if (!/^[\w.-]+$/.test(f.name)) problems.push(`file name "${f.name}" has characters Discord replaces`);
    if (f.description.length < 1 || f.description.length > 1024) problems.push(`file ${f.name} has a description of ${f.description.length} characters (1–1024)`);
  }
  const names = new Set(files.map((f) => f.name));
  if (names.size < files.length) problems.push('two files share a name');
  for (const e of body.embeds ?? []) {
    for (const url of [e.image?.url, e.thumbnail?.url]) {
      const name = url?.startsWith('attachment://') ? url.slice('attachment://'.length) : undefined;
      if (name !== undefined && !names.has(name)) problems.push(`an embed shows attachment://${name}, which the message does not send`);
    }
  }
  return problems;
}

/** Every piece of text a member could read in a message, for content checks. */
export function messageTexts(body: MessageBody): string[] {
  const texts: string[] = [];
  if (body.content) texts.push(body.content);
  for (const e of body.embeds ?? []) {
    texts.push(e.title ?? '', e.description ?? '', e.footer?.text ?? '');
    for (const f of e.fields ?? []) texts.push(f.name, f.value);
  }
  // A picture's description is read out by screen readers.
  for (const f of body.files ?? []) texts.push(f.description);
  for (const row of body.components ?? []) {
    for (const c of row.components) {
      if ('label' in c && c.label) texts.push(c.label);
      if ('placeholder' in c && c.placeholder) texts.push(c.placeholder);
      if ('options' in c) for (const o of c.options) texts.push(o.label, o.description ?? '');
    }
  }
  return texts.filter(Boolean);
}
