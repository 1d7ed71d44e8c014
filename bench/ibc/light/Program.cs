using Oracle.Bench.IbcLight;

return LightBench.Run(args);
