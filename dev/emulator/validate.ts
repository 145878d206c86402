/** A tiny subset of Smithy constraint traits, enough for the operations the emulator serves. */
export type FieldSpec =
  | {
      kind: "string";
      required?: boolean;
      pattern?: RegExp;
      minLength?: number;
      maxLength?: number;
      enum?: readonly string[];
    }
  | { kind: "integer"; required?: boolean; min?: number; max?: number }
  /** Partner Central's DateTime shape is an ISO 8601 date-time string (timestampFormat iso8601). */
  | { kind: "timestamp"; required?: boolean }
  | { kind: "list"; required?: boolean; minItems?: number; maxItems?: number; member: FieldSpec }
  | { kind: "structure"; required?: boolean; members: Record<string, FieldSpec> };

export type ProblemCode =
  | "REQUIRED_FIELD_MISSING"
  | "INVALID_STRING_FORMAT"
  | "INVALID_ENUM_VALUE"
  | "INVALID_VALUE"
  | "VALUE_OUT_OF_RANGE"
  | "TOO_MANY_VALUES"
  | "NOT_ENOUGH_VALUES";

export interface FieldProblem {
  field: string;
  code: ProblemCode;
  message: string;
}

const ISO_DATE_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:?\d\d)$/;

/** A JSON value of the wrong type; the service rejects these before validation, as a SerializationException. */
export class TypeMismatch extends Error {}

export function validateInput(
  input: Record<string, unknown>,
  members: Record<string, FieldSpec>,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  checkMembers(input, members, "", problems);
  return problems;
}

function checkMembers(
  value: Record<string, unknown>,
  members: Record<string, FieldSpec>,
  prefix: string,
  problems: FieldProblem[],
): void {
  for (const [name, spec] of Object.entries(members)) {
    checkValue(value[name], spec, `${prefix}${name}`, problems);
  }
}

function checkValue(value: unknown, spec: FieldSpec, path: string, problems: FieldProblem[]): void {
  if (value === undefined || value === null) {
    if (spec.required)
      problems.push({ field: path, code: "REQUIRED_FIELD_MISSING", message: `${path} is required.` });
    return;
  }
  switch (spec.kind) {
    case "string":
      checkString(value, spec, path, problems);
      return;
    case "integer":
      if (typeof value !== "number" || !Number.isInteger(value))
        throw new TypeMismatch(`${path} must be an integer`);
      if ((spec.min !== undefined && value < spec.min) || (spec.max !== undefined && value > spec.max)) {
        problems.push({
          field: path,
          code: "VALUE_OUT_OF_RANGE",
          message: `${path} must be between ${spec.min} and ${spec.max}.`,
        });
      }
      return;
    case "timestamp":
      if (typeof value !== "string") throw new TypeMismatch(`${path} must be an ISO 8601 date-time`);
      if (!ISO_DATE_TIME.test(value) || Number.isNaN(Date.parse(value))) {
        problems.push({
          field: path,
          code: "INVALID_STRING_FORMAT",
          message: `${path} must be an ISO 8601 date-time such as 2026-03-02T12:00:00Z.`,
        });
      }
      return;
    case "list":
      if (!Array.isArray(value)) throw new TypeMismatch(`${path} must be a list`);
      if (spec.minItems !== undefined && value.length < spec.minItems) {
        problems.push({
          field: path,
          code: "NOT_ENOUGH_VALUES",
          message: `${path} must contain at least ${spec.minItems} item(s).`,
        });
      }
      if (spec.maxItems !== undefined && value.length > spec.maxItems) {
        problems.push({
          field: path,
          code: "TOO_MANY_VALUES",
          message: `${path} must contain at most ${spec.maxItems} item(s).`,
        });
      }
      value.forEach((item, i) => {
        checkValue(item, { ...spec.member, required: true }, `${path}[${i}]`, problems);
      });
      return;
    case "structure":
      if (typeof value !== "object" || Array.isArray(value))
        throw new TypeMismatch(`${path} must be an object`);
      checkMembers(value as Record<string, unknown>, spec.members, `${path}.`, problems);
      return;
  }
}

function checkString(
  value: unknown,
  spec: Extract<FieldSpec, { kind: "string" }>,
  path: string,
  problems: FieldProblem[],
): void {
  if (typeof value !== "string") throw new TypeMismatch(`${path} must be a string`);
  if (spec.enum && !spec.enum.includes(value)) {
    problems.push({
      field: path,
      code: "INVALID_ENUM_VALUE",
      message: `${path} must be one of: ${spec.enum.join(", ")}.`,
    });
    return;
  }
  const length = [...value].length;
  if (
    (spec.minLength !== undefined && length < spec.minLength) ||
    (spec.maxLength !== undefined && length > spec.maxLength)
  ) {
    problems.push({
      field: path,
      code: "INVALID_STRING_FORMAT",
      message: `${path} length must be between ${spec.minLength ?? 0} and ${spec.maxLength ?? "unbounded"}.`,
    });
    return;
  }
  if (spec.pattern && !spec.pattern.test(value)) {
    problems.push({
      field: path,
      code: "INVALID_STRING_FORMAT",
      message: `${path} does not match the pattern ${spec.pattern.source}.`,
    });
  }
}
