import ai.djl.ndarray.*;
import ai.djl.ndarray.types.*;
public class Bf16Cast {
    public static void main(String[] a) {
        DataType dt = DataType.valueOf(a[0]);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.randomNormal(new Shape(256, 1024));
            System.out.println("a"); System.out.flush();
            NDArray wd = w.toType(dt, true);
            System.out.println("b " + wd.getDataType()); System.out.flush();
            NDArray x = m.randomNormal(new Shape(11, 1, 256)).toType(dt, true);
            System.out.println("c"); System.out.flush();
            NDArray r = x.matMul(wd);
            System.out.println("d " + r.getShape()); System.out.flush();
            System.out.println(r.toType(DataType.FLOAT32, true).sum().getFloat());
        }
    }
}
