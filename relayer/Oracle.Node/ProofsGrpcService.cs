using Google.Protobuf;
using Grpc.Core;
using Oracle.Evm;
using Oracle.Node.V1;

namespace Oracle.Node;

/// <summary><c>oracle.node.v1.Proofs</c> (Protos/proofs.proto): the HTTP API's operations, with the same logic.</summary>
public sealed class ProofsGrpcService(ProofService proofs) : Proofs.ProofsBase
{
    /// <inheritdoc />
    public override async Task<ProofReply> GetProof(GetProofRequest request, ServerCallContext context)
    {
        try
        {
            string? chainId = request.ChainId == 0 ? null : request.ChainId.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var served = await proofs.GetAsync(request.FeedId, chainId, request.Contract, context.CancellationToken);
            return new ProofReply { Proof = ByteString.CopyFrom(served.Report.Proof), Json = ProofJson.Served(served).ToJsonString() };
        }
        catch (NodeRequestException e)
        {
            throw e.ToRpcException();
        }
    }

    /// <inheritdoc />
    public override async Task<VerifyReply> VerifyProof(VerifyProofRequest request, ServerCallContext context)
    {
        try
        {
            if (request.ChainId == 0) throw NodeRequestException.BadParameter("chainId", "required (a decimal chain id)");
            var input = new VerifyInput(request.Proof.ToByteArray(), request.ChainId, request.Contract,
                request.HasMaxAge ? request.MaxAge : null, request.FeedId, request.Registry);
            var v = await proofs.VerifyAsync(input, context.CancellationToken);
            var reply = new VerifyReply
            {
                Ok = v.Ok, Check = v.Check ?? "", Reason = v.Reason ?? "", ContractError = v.ContractError ?? "",
                Value = v.Value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "", ObservedAt = v.ObservedAt ?? 0,
                FeedId = v.FeedId is { } f ? Hex.Encode(f) : "", ChainTime = v.ChainTime ?? 0, Json = ProofJson.Verdict(v).ToJsonString(),
            };
            reply.Signers.AddRange(v.Signers.Select(s => s.Signer.ToString()));
            return reply;
        }
        catch (NodeRequestException e)
        {
            throw e.ToRpcException();
        }
    }
}
