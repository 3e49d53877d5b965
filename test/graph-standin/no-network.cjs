// Preloaded (node --require) by test/graph-standin/offline.test.ts: any attempt to open a
// connection or resolve a name throws, and loading the Graph client bundle is recorded on stderr.
'use strict';
const net = require('node:net');
const tls = require('node:tls');
const dns = require('node:dns');
const http = require('node:http');
const https = require('node:https');
const Module = require('node:module');

function refuse(what) {
  return function () {
    process.stderr.write(`NETWORK-ATTEMPT: ${what}\n`);
    throw new Error(`network disabled by the test: ${what}`);
  };
}
net.Socket.prototype.connect = refuse('net.Socket.connect');
net.connect = net.createConnection = refuse('net.connect');
tls.connect = refuse('tls.connect');
dns.lookup = refuse('dns.lookup');
dns.resolve = refuse('dns.resolve');
http.request = http.get = refuse('http.request');
https.request = https.get = refuse('https.request');
globalThis.fetch = refuse('fetch');

const load = Module._load;
Module._load = function (request, parent, isMain) {
  if (/graph-client(\.js)?$/.test(request) || /@azure\/identity/.test(request))
    process.stderr.write(`GRAPH-CLIENT-LOADED: ${request}\n`);
  return load.call(this, request, parent, isMain);
};
