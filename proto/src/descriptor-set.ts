// Location of the compiled descriptor set (`buf build`), served by gRPC server reflection.
export const DESCRIPTOR_SET_PATH = new URL("../gen/descriptor-set.binpb", import.meta.url);
