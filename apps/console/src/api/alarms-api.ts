import { MonitorAlarmEventSchema, type MonitorAlarmEvent } from '@feijiu/contracts';
import { requestList } from './http';

/** A vehicle's stored monitor alarms measured since `sinceIso`, oldest first (`monitor.alarm` payloads). */
export function fetchMonitorAlarms(vehicleId: string, sinceIso: string): Promise<MonitorAlarmEvent[]> {
  const params = new URLSearchParams({ since: sinceIso });
  return requestList(`/api/v1/vehicles/${encodeURIComponent(vehicleId)}/alarms?${params.toString()}`, MonitorAlarmEventSchema);
}
