namespace Fuzz
{
    /// <summary>
    /// One parser's harness: feeds an input to the real code of the tools and returns normally when
    /// the tools accept it or reject it the documented way (the exceptions the tools turn into one
    /// line on stderr); anything else escapes and is a crash.
    /// </summary>
    internal interface IHarness
    {
        string Name { get; }

        void Run(byte[] input, Scratch scratch);
    }
}
