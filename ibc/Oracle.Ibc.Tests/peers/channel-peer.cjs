// The referee for the ICS-04 differential test: cosmjs-types (npm, ts-proto encoders generated from ibc-go's
// protos) encodes the packets and messages; node's crypto computes the commitments by ibc-go's formula.
//   node channel-peer.cjs CASES.json  -> one JSON line: [{packet, msgRecv, msgAck, msgTimeout, commitment, ackCommitment}, ...] (hex)
'use strict';
const fs = require('fs');
const crypto = require('crypto');
const { Packet, Acknowledgement } = require('cosmjs-types/ibc/core/channel/v1/channel');
const { MsgRecvPacket, MsgAcknowledgement, MsgTimeout } = require('cosmjs-types/ibc/core/channel/v1/tx');

const hex = (s) => Uint8Array.from(Buffer.from(s, 'hex'));
const out = (bytes) => Buffer.from(bytes).toString('hex');
const sha256 = (b) => crypto.createHash('sha256').update(b).digest();
const u64 = (v) => { const b = Buffer.alloc(8); b.writeBigUInt64BE(BigInt(v)); return b; };

const cases = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const results = cases.map((c) => {
  const height = { revisionNumber: BigInt(c.timeoutRevision), revisionHeight: BigInt(c.timeoutHeight) };
  const packet = Packet.fromPartial({
    sequence: BigInt(c.sequence), sourcePort: c.sourcePort, sourceChannel: c.sourceChannel,
    destinationPort: c.destinationPort, destinationChannel: c.destinationChannel, data: hex(c.data),
    timeoutHeight: height, timeoutTimestamp: BigInt(c.timeoutTimestamp),
  });
  const proofHeight = { revisionNumber: BigInt(c.proofRevision), revisionHeight: BigInt(c.proofHeight) };
  const ack = c.ackError !== undefined ? { error: c.ackError } : { result: hex(c.ackResult) };
  // ibc-go: sdk.MustSortJSON(protojson(ack)); one key, so sorting is the identity. Go escapes <, >, & as \u003c...
  const goJson = (s) => JSON.stringify(s).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
  const ackJson = c.ackError !== undefined ? `{"error":${goJson(c.ackError)}}` : `{"result":"${Buffer.from(hex(c.ackResult)).toString('base64')}"}`;
  return {
    packet: out(Packet.encode(packet).finish()),
    msgRecv: out(MsgRecvPacket.encode(MsgRecvPacket.fromPartial({ packet, proofCommitment: hex(c.proof), proofHeight, signer: c.signer })).finish()),
    msgAck: out(MsgAcknowledgement.encode(MsgAcknowledgement.fromPartial({ packet, acknowledgement: Buffer.from(ackJson), proofAcked: hex(c.proof), proofHeight, signer: c.signer })).finish()),
    msgTimeout: out(MsgTimeout.encode(MsgTimeout.fromPartial({ packet, proofUnreceived: hex(c.proof), proofHeight, nextSequenceRecv: BigInt(c.nextSequenceRecv), signer: c.signer })).finish()),
    ackProto: out(Acknowledgement.encode(Acknowledgement.fromPartial(ack)).finish()),
    ackJson: out(Buffer.from(ackJson)),
    commitment: out(sha256(Buffer.concat([u64(c.timeoutTimestamp), u64(c.timeoutRevision), u64(c.timeoutHeight), sha256(hex(c.data))]))),
    ackCommitment: out(sha256(Buffer.from(ackJson))),
  };
});
process.stdout.write(JSON.stringify(results) + '\n');
