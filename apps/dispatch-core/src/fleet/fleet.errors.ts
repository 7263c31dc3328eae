import type { VehicleStatus } from '@feijiu/contracts';
import { AppError } from '../platform/errors/app-error';

export class VehicleNotFoundError extends AppError {
  constructor(id: string) {
    super('VEHICLE_NOT_FOUND', `no vehicle with id ${id}`);
  }
}

export class IllegalVehicleTransitionError extends AppError {
  constructor(id: string, from: VehicleStatus, to: VehicleStatus, allowed: readonly VehicleStatus[]) {
    super('VEHICLE_ILLEGAL_TRANSITION', `vehicle ${id} cannot go from ${from} to ${to}`, { from, to, allowed });
  }
}

export class VehicleNotAvailableError extends AppError {
  constructor(id: string, status: VehicleStatus) {
    super('VEHICLE_NOT_AVAILABLE', `vehicle ${id} is ${status}, not available`, { status });
  }
}
