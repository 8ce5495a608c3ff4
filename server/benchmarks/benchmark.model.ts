import mongoose, { Schema } from "mongoose";

const signingKeySchema = new Schema(
  {
    /** The agency's id: one key pair per agency, made on its first export and kept. */
    _id: { type: String, required: true },
    /** Raw 32-byte Ed25519 public key, base64url: what benchmark files carry. */
    publicKey: { type: String, required: true },
    /** PKCS#8 private key sealed with the data encryption key (AES-256-GCM). */
    sealedPrivateKey: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: "benchmark_signing_keys" },
);
export const SigningKeyModel = mongoose.model("BenchmarkSigningKey", signingKeySchema);

const importedFigureSchema = new Schema(
  {
    /** `<importing agency>|<peer agency id>|<template>|<period>`: one file entry per peer and period. */
    _id: { type: String, required: true },
    /** The agency that imported the file; imported peers count for its benchmarks only. */
    agency: { type: Schema.Types.ObjectId, required: true },
    peerAgencyId: { type: String, required: true },
    peerName: { type: String, required: true },
    /** The key the peer signed with; the first one seen for a peer is the one trusted. */
    publicKey: { type: String, required: true },
    template: { type: String, required: true },
    templateVersion: { type: String, required: true },
    period: { type: String, required: true },
    indices: { type: Schema.Types.Mixed, required: true },
    importedAt: { type: Date, required: true },
  },
  { collection: "benchmark_imports", minimize: false },
);
importedFigureSchema.index({ agency: 1, template: 1, period: 1 });
importedFigureSchema.index({ agency: 1, peerAgencyId: 1 });
export const ImportedFigureModel = mongoose.model("BenchmarkImport", importedFigureSchema);
