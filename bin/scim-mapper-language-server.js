#!/usr/bin/env node
'use strict';
// Starts the SCIM Mapper language server. Pass --stdio for editors other than VS Code.
require('../server/dist/server.js');
