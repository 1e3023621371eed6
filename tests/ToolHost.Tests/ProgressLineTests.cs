using System.IO;
using ToolHost.Output;
using Xunit;

namespace ToolHost.Tests
{
    /// <summary>The progress line makedumpfile and krestore share (ToolHost/Output/ProgressLine).</summary>
    public class ProgressLineTests
    {
        [Fact]
        public void DrawsNothingWhenStandardErrorIsNoTerminal()
        {
            var err = new StringWriter();
            var line = new ProgressLine(err, terminal: false);
            line.Update("Copying data", 1, 2);
            line.Update("Copying data", 2, 2);
            Assert.Equal("", err.ToString());
        }

        [Fact]
        public void RedrawsInPlaceAtMostOnceASecondAndEndsEachStepOnce()
        {
            var err = new StringWriter();
            var line = new ProgressLine(err, terminal: true);
            line.Update("Checking image", 0, 1000);
            line.Update("Checking image", 10, 1000);   // within the second: not drawn
            line.Update("Checking image", 1000, 1000);  // the end is always drawn
            line.Update("Checking image", 1000, 1000);  // and only once
            line.Update("Writing", 1, 4);               // a new step draws at once
            string text = err.ToString();
            Assert.Equal(3, text.Split('\r').Length - 1);
            Assert.Contains("\rChecking image             : [  0.0 %] /", text);
            Assert.Contains("\rChecking image             : [100.0 %] |", text);
            Assert.Contains("\rWriting                    : [ 25.0 %] \\", text);
            Assert.Single(text.Split('\n'), l => l.Contains("100.0 %"));
            Assert.Equal(2, text.Split('\n').Length);
        }
    }
}
