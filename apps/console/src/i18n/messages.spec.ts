import { CHIEF_COMPLAINTS } from '@feijiu/clinical';
import {
  AlertRaisedEventSchema,
  ASSIGNMENT_STATUSES,
  CHECKLIST_ITEMS,
  CREW_ROLES,
  FACILITY_CAPABILITIES,
  FACILITY_KINDS,
  INCIDENT_PRIORITIES,
  INCIDENT_STATUSES,
  PATHWAYS,
  PlaceSchema,
  QUALITY_PATHWAYS,
  ROLES,
  TEAMS,
  TIME_NODES,
  VEHICLE_STATUSES,
  VEHICLE_TYPES,
} from '@feijiu/contracts';
import { describe, expect, it } from 'vitest';
import { en } from './en';
import { zhCN } from './zh-CN';

function flattenKeys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => flattenKeys(child, prefix ? `${prefix}.${key}` : key));
}

function placeholders(message: string): string[] {
  return [...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();
}

describe('console messages', () => {
  it('should have the same keys in English as in Chinese', () => {
    expect(flattenKeys(en).sort()).toEqual(flattenKeys(zhCN).sort());
  });

  it('should use the same placeholders in both locales', () => {
    const lookup = (messages: unknown, key: string) =>
      key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], messages) as string;
    for (const key of flattenKeys(zhCN)) {
      expect(placeholders(lookup(en, key)), key).toEqual(placeholders(lookup(zhCN, key)));
    }
  });

  it.each([
    ['status', VEHICLE_STATUSES],
    ['crewAction', VEHICLE_STATUSES],
    ['vehicleType', VEHICLE_TYPES],
    ['crewRole', CREW_ROLES],
    ['crewRoleShort', CREW_ROLES],
    ['facilityKind', FACILITY_KINDS],
    ['role', ROLES],
    ['priority', INCIDENT_PRIORITIES],
    ['incidentStatus', INCIDENT_STATUSES],
    ['assignmentStatus', ASSIGNMENT_STATUSES],
    ['timeNode', TIME_NODES],
    ['alertKind', AlertRaisedEventSchema.shape.kind.options],
    ['placeKind', PlaceSchema.shape.kind.options],
    ['capability', FACILITY_CAPABILITIES],
    ['pathway', PATHWAYS],
    ['team', TEAMS],
    ['checklist', CHECKLIST_ITEMS],
    ['chiefComplaint', CHIEF_COMPLAINTS],
    ['qualityPathway', QUALITY_PATHWAYS],
  ] as const)('should name every %s of the contract in both locales', (group, values) => {
    for (const messages of [zhCN, en]) {
      expect(Object.keys(messages[group]).sort()).toEqual([...values].sort());
    }
  });
});
