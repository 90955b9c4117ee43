// @ts-check
/**
 * The framework floor: the reference's relay (`setupWSConnection` from
 * @y/websocket-server) inside the frameworks Roundtable must use, and
 * nothing of Roundtable itself. A Nest application (@nestjs/core,
 * @nestjs/platform-express) with TypeORM connected to the bench database
 * through `pg`, a socket.io gateway (@nestjs/websockets), and the relay on
 * `ws` at the same URL shape as the other servers. No persistence, no
 * authentication, no application module: what the required dependencies
 * cost in memory before any of Roundtable's own work (the memory scenario).
 * Plain JavaScript: Nest's decorators are applied as the functions they are.
 *
 *   node bench/framework-floor.js <port> <database url>
 */
import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import { setupWSConnection } from '@y/websocket-server/utils';
import { EntitySchema } from 'typeorm';
import { WebSocketServer } from 'ws';

const port = Number(process.argv[2]);
const databaseUrl = process.argv[3];
if (!Number.isInteger(port) || port <= 0 || !databaseUrl) {
  process.stderr.write('usage: node framework-floor.js <port> <database url>\n');
  process.exit(2);
}

/**
 * Applies a method decorator to `target.prototype[name]`.
 * @param {MethodDecorator} decorator
 * @param {Function} target
 * @param {string} name
 */
function decorateMethod(decorator, target, name) {
  const descriptor = /** @type {PropertyDescriptor} */ (Object.getOwnPropertyDescriptor(target.prototype, name));
  decorator(target.prototype, name, descriptor);
}

/** A table, so TypeORM has an entity to map (created on boot, as migrations would). */
const FloorRow = new EntitySchema({
  name: 'FloorRow',
  tableName: 'framework_floor_rows',
  columns: { id: { type: 'bigint', primary: true, generated: true }, body: { type: 'bytea' } },
});

class ReadinessController {
  ready() {
    return 'framework floor';
  }
}
Controller()(ReadinessController);
decorateMethod(Get(), ReadinessController, 'ready');

/** A socket.io gateway, as Roundtable's meeting events use (engine.io leaves other upgrades alone). */
class EventsGateway {
  ping() {
    return 'pong';
  }
}
WebSocketGateway({ destroyUpgrade: false })(EventsGateway);
decorateMethod(SubscribeMessage('ping'), EventsGateway, 'ping');

class FloorModule {}
Module({
  imports: [TypeOrmModule.forRoot({ type: 'postgres', url: databaseUrl, entities: [FloorRow], synchronize: true })],
  controllers: [ReadinessController],
  providers: [EventsGateway],
})(FloorModule);

const app = await NestFactory.create(FloorModule, { logger: ['error'] });
const wss = new WebSocketServer({ noServer: true });
/** @type {import('node:http').Server} */ (app.getHttpServer()).on('upgrade', (req, socket, head) => {
  const prefix = '/collab/';
  if (!req.url?.startsWith(prefix)) return; // socket.io's own
  const docName = decodeURIComponent(req.url.slice(prefix.length).split('?')[0] ?? '');
  wss.handleUpgrade(req, socket, head, (ws) => setupWSConnection(ws, req, { docName }));
});
await app.listen(port, '127.0.0.1');

// Started by the bench over IPC: when the bench goes away, so does the floor.
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
