import { EventEmitter } from "node:events";
import type { DomainEvents } from "@shared/events.js";

/**
 * Services announce what happened; other features (realtime, jobs) listen. Keeps route
 * handlers and services free of socket and mail code.
 */
class DomainEventBus {
  private readonly emitter = new EventEmitter();

  emit<K extends keyof DomainEvents>(name: K, payload: DomainEvents[K]): void {
    this.emitter.emit(name, payload);
  }

  on<K extends keyof DomainEvents>(name: K, listener: (payload: DomainEvents[K]) => void): () => void {
    this.emitter.on(name, listener);
    return () => this.emitter.off(name, listener);
  }
}

export const domainEvents = new DomainEventBus();
